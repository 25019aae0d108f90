package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.webrtc.internal.call.SdpPort.SignalingState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What follows the first exchange, against a fake peer connection (no libwebrtc): renegotiation, glare (perfect
 * negotiation, adopting their call) and ICE restarts.
 */
class NegotiatorRenegotiationTest extends NegotiatorFixture {

    @Test
    void politeSideRollsBackItsCollidingOfferAndAnswersTheirs() {
        firstExchangeDone();
        events.clear();
        port.hold = true;
        negotiator.onNegotiationNeeded(); // our renegotiation: createOffer under way
        port.release();                   // offer created; setLocal under way
        port.release();                   // our offer applied and sent: HAVE_LOCAL_OFFER

        negotiator.onRemoteOffer("their-offer", true);
        while (port.heldSteps() > 0) {
            port.release();
        }

        assertThat(port.log).containsSubsequence("rollback", "setRemote OFFER their-offer", "createAnswer",
                "setLocal ANSWER answer-1");
        assertThat(events).containsExactly("send offer offer-2", "remote their-offer", "send answer answer-1");
        assertThat(port.state).isEqualTo(SignalingState.STABLE);
        assertThat(negotiator.isMakingOffer()).isFalse();
    }

    @Test
    void aSupersededOfferContinuationSendsNothing() {
        negotiator.attach(port);
        port.hold = true;
        negotiator.makeOffer();           // createOffer held
        negotiator.onRemoteOffer("their-offer", true);
        port.release();                   // our stale createOffer completes now
        while (port.heldSteps() > 0) {
            port.release();
        }

        assertThat(events).noneMatch(e -> e.startsWith("send offer"));
        assertThat(port.log).doesNotContain("setLocal OFFER offer-1");
        assertThat(events).contains("send answer answer-1");
    }

    @Test
    void adoptingTheirCallRollsBackAnAppliedOfferAndForgetsItsCandidates() {
        negotiator.attach(port);
        negotiator.makeOffer(); // applied: HAVE_LOCAL_OFFER, unanswered
        negotiator.onRemoteCandidate(candidate("for-our-offer"));

        negotiator.adopt("their-offer");

        assertThat(port.log).containsExactly("createOffer", "setLocal OFFER offer-1", "rollback",
                "setRemote OFFER their-offer", "createAnswer", "setLocal ANSWER answer-1");
        assertThat(events).containsExactly("send offer offer-1", "remote their-offer", "send answer answer-1",
                "negotiated");
    }

    @Test
    void adoptingBeforeOurOfferWasAppliedNeedsNoRollback() {
        negotiator.attach(port);
        port.hold = true;
        negotiator.makeOffer(); // createOffer still under way

        negotiator.adopt("their-offer");
        while (port.heldSteps() > 0) {
            port.release();
        }

        assertThat(port.log).doesNotContain("rollback", "setLocal OFFER offer-1");
        assertThat(events).containsExactly("remote their-offer", "send answer answer-1", "negotiated");
    }

    @Test
    void renegotiationWaitsForTheFirstExchange() {
        negotiator.attach(port);
        negotiator.onNegotiationNeeded();
        assertThat(port.log).isEmpty();

        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
        port.log.clear();
        negotiator.onNegotiationNeeded();

        assertThat(port.log).containsExactly("createOffer", "setLocal OFFER offer-2");
        assertThat(events).endsWith("send offer offer-2");
    }

    @Test
    void renegotiationIsAbandonedWhenAnOfferArrivedMeanwhile() {
        firstExchangeDone();
        port.hold = true;
        negotiator.onNegotiationNeeded();
        port.state = SignalingState.HAVE_REMOTE_OFFER; // their offer got in first
        port.release();

        assertThat(port.log).doesNotContain("setLocal OFFER offer-2");
        assertThat(negotiator.isMakingOffer()).isFalse();
        assertThat(events).noneMatch(e -> e.startsWith("failed"));
    }

    @Test
    void iceRestartGoesToThePeerConnectionAndItsRenegotiationReusesTheExchange() {
        firstExchangeDone();
        port.log.clear();

        negotiator.restartIce();
        negotiator.onNegotiationNeeded(); // libwebrtc's answer to restartIce

        assertThat(port.log).containsExactly("restartIce", "createOffer", "setLocal OFFER offer-2");
    }

    @Test
    void anIceRestartReplacesOurUnansweredOfferWithAFreshOne() {
        firstExchangeDone();
        negotiator.restartIce(); // offer-2 goes out; its answer is lost with the signaling connection
        port.log.clear();
        events.clear();

        negotiator.restartIce();

        assertThat(port.log).containsExactly("restartIce", "rollback", "restartIce", "createOffer",
                "setLocal OFFER offer-3");
        assertThat(events).containsExactly("send offer offer-3");
    }

    @Test
    void anIceRestartWhileAnsweringWaitsForTheExchangeToClose() {
        firstExchangeDone();
        port.hold = true;
        negotiator.onRemoteOffer("their-renegotiation", false);
        port.release(); // their offer is applied; our answer is being made
        assertThat(port.state).isEqualTo(SignalingState.HAVE_REMOTE_OFFER);
        port.log.clear();

        negotiator.restartIce();

        assertThat(port.log).containsExactly("restartIce"); // libwebrtc asks for the offer once stable
    }

    @Test
    void anIceRestartBeforeTheFirstExchangeOnlyMarksTheConnection() {
        negotiator.attach(port);
        port.hold = true;
        negotiator.makeOffer();
        port.log.clear();

        negotiator.restartIce();

        assertThat(port.log).containsExactly("restartIce");
    }

    @Test
    void aRenegotiationAnswerThatFailsToApplyDoesNotEndTheCall() {
        firstExchangeDone();
        negotiator.restartIce();
        events.clear();
        port.failNext = "setRemote";

        negotiator.onRemoteAnswer("stale-answer");

        assertThat(events).containsExactly("remote stale-answer");
    }

    @Test
    void afterASignalingReconnectOurUnansweredOfferIsResentAsItIs() {
        negotiator.attach(port);
        assertThat(negotiator.resendUnansweredOffer()).isFalse(); // nothing sent yet
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
        assertThat(negotiator.resendUnansweredOffer()).isFalse(); // answered
        negotiator.restartIce();
        events.clear();
        port.log.clear();

        assertThat(negotiator.resendUnansweredOffer()).isTrue();

        assertThat(events).containsExactly("send offer offer-2");
        assertThat(port.log).isEmpty(); // the same description: no new credentials for a late answer to miss
    }

    @Test
    void aRenegotiationThatCannotBeAnsweredIsUndoneWithoutEndingTheCall() {
        firstExchangeDone();
        events.clear();
        port.log.clear();
        port.failNext = "setLocal"; // e.g. a second copy of an offer, answered while the first one was

        negotiator.onRemoteOffer("their-copy", false);

        assertThat(events).containsExactly("remote their-copy");
        assertThat(port.log).containsExactly("setRemote OFFER their-copy", "createAnswer", "setLocal ANSWER answer-1",
                "rollback");
        assertThat(negotiator.isStable()).isTrue();
    }

    @Test
    void everyCompletedExchangeIsReportedInBothDirectionsButNotAFailedOne() {
        List<String> seen = new ArrayList<>();
        Negotiator counting = new Negotiator("test-call", Runnable::run, recorder(seen, true));
        counting.attach(port);
        counting.makeOffer();
        counting.onRemoteAnswer("their-answer"); // our offer's exchange
        counting.onRemoteOffer("their-restart", false); // theirs, answered by us
        port.failNext = "setRemote";
        counting.restartIce();
        counting.onRemoteAnswer("an-answer-that-fails");

        assertThat(seen).filteredOn(e -> e.equals("exchange") || e.startsWith("send answer") || e.startsWith("failed"))
                .containsExactly("exchange", "send answer answer-1", "exchange");
    }
}
