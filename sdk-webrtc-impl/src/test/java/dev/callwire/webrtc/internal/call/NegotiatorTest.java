package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.protocol.IceCandidate;
import dev.callwire.webrtc.internal.call.SdpPort.SignalingState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Offer/answer, perfect negotiation and candidate buffering against a fake peer connection: no libwebrtc. */
class NegotiatorTest {

    private final FakeSdpPort port = new FakeSdpPort();
    private final List<String> events = new ArrayList<>();
    private final Negotiator negotiator = new Negotiator("test-call", Runnable::run, recorder(events));

    private static IceCandidate candidate(String name) {
        return new IceCandidate("candidate:" + name, "0", 0);
    }

    @Test
    void theFirstOfferIsCreatedAppliedAndSent() {
        negotiator.attach(port);
        negotiator.makeOffer();

        assertThat(port.log).containsExactly("createOffer", "setLocal OFFER offer-1");
        assertThat(events).containsExactly("send offer offer-1");
        assertThat(negotiator.isMakingOffer()).isFalse();
        assertThat(negotiator.isStable()).isFalse();
    }

    @Test
    void anOfferInFlightIsNotMadeTwice() {
        negotiator.attach(port);
        port.hold = true;
        negotiator.makeOffer();
        negotiator.makeOffer();

        assertThat(port.log).containsExactly("createOffer");
        assertThat(negotiator.isMakingOffer()).isTrue();
    }

    @Test
    void theAnswerCompletesTheFirstNegotiationOnce() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
        negotiator.onRemoteAnswer("their-answer-again");

        assertThat(port.log).containsExactly("createOffer", "setLocal OFFER offer-1", "setRemote ANSWER their-answer");
        assertThat(events).containsExactly("send offer offer-1", "remote their-answer", "negotiated");
        assertThat(negotiator.hasRemoteDescription()).isTrue();
    }

    @Test
    void anAnswerThatMatchesNoOfferOfOursIsDropped() {
        negotiator.attach(port);
        negotiator.onRemoteAnswer("unsolicited");

        assertThat(port.log).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void whileRingingTheNewestOfferIsHeldAndAnsweredOnAccept() {
        negotiator.onRemoteOffer("offer-a", false);
        negotiator.onRemoteOffer("offer-b", false); // the caller re-offered before we answered

        assertThat(events).isEmpty();
        negotiator.attach(port);
        negotiator.answerHeldOffer();

        assertThat(port.log).containsExactly("setRemote OFFER offer-b", "createAnswer", "setLocal ANSWER answer-1");
        assertThat(events).containsExactly("remote offer-b", "send answer answer-1", "negotiated");
    }

    @Test
    void acceptingWithoutAHeldOfferIsAnError() {
        negotiator.attach(port);
        assertThatThrownBy(negotiator::answerHeldOffer).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void candidatesBeforeTheOfferAreKeptAndAppliedInOrderAfterIt() {
        negotiator.onRemoteCandidate(candidate("1"));
        negotiator.onRemoteOffer("offer-a", false);
        negotiator.onRemoteCandidate(candidate("2"));
        assertThat(negotiator.pendingCandidateCount()).isEqualTo(2);

        negotiator.attach(port);
        negotiator.answerHeldOffer();

        assertThat(port.log).containsExactly("setRemote OFFER offer-a", "candidate candidate:1", "candidate candidate:2",
                "createAnswer", "setLocal ANSWER answer-1");
        assertThat(negotiator.pendingCandidateCount()).isZero();
    }

    @Test
    void candidatesAfterTheRemoteDescriptionApplyAtOnceAndEndOfCandidatesNeedsNothing() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
        port.log.clear();

        negotiator.onRemoteCandidate(candidate("late"));
        negotiator.onRemoteCandidate(null);

        assertThat(port.log).containsExactly("candidate candidate:late");
    }

    @Test
    void earlyCandidatesAreBounded() {
        for (int i = 0; i < Negotiator.MAX_PENDING_CANDIDATES + 10; i++) {
            negotiator.onRemoteCandidate(candidate(Integer.toString(i)));
        }
        assertThat(negotiator.pendingCandidateCount()).isEqualTo(Negotiator.MAX_PENDING_CANDIDATES);
    }

    @Test
    void aRejectedCandidateDoesNotEndTheCall() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
        port.rejectCandidates = true;

        negotiator.onRemoteCandidate(candidate("bad"));

        assertThat(events).doesNotContain("failed answering the offer", "failed applying the answer");
    }

    @Test
    void politeSideRollsBackItsCollidingOfferAndAnswersTheirs() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("answer-0");
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
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
        port.hold = true;
        negotiator.onNegotiationNeeded();
        port.state = SignalingState.HAVE_REMOTE_OFFER; // their offer got in first
        port.release();

        assertThat(port.log).doesNotContain("setLocal OFFER offer-2");
        assertThat(negotiator.isMakingOffer()).isFalse();
        assertThat(events).noneMatch(e -> e.startsWith("failed"));
    }

    @Test
    void aFailedFirstOfferFailsTheCallButAFailedRenegotiationDoesNot() {
        negotiator.attach(port);
        port.failNext = "createOffer";
        negotiator.makeOffer();
        assertThat(events).containsExactly("failed creating the offer");

        FakeSdpPort second = new FakeSdpPort();
        Negotiator other = new Negotiator("other", Runnable::run, recorder(events));
        other.attach(second);
        other.makeOffer();
        other.onRemoteAnswer("answer");
        events.clear();
        second.failNext = "createOffer";
        other.onNegotiationNeeded();

        assertThat(events).isEmpty();
        assertThat(other.isMakingOffer()).isFalse();
    }

    @Test
    void aFailedAnswerFailsTheCall() {
        negotiator.attach(port);
        port.failNext = "setRemote";
        negotiator.onRemoteOffer("broken-offer", false);

        assertThat(events).containsExactly("remote broken-offer", "failed answering the offer");
    }

    @Test
    void afterCloseLateContinuationsAndMessagesAreDropped() {
        negotiator.attach(port);
        port.hold = true;
        negotiator.makeOffer();
        negotiator.close();
        port.release();
        negotiator.onRemoteCandidate(candidate("late"));
        negotiator.onRemoteOffer("late-offer", false);
        negotiator.close(); // idempotent

        assertThat(events).isEmpty();
        assertThat(port.log).containsExactly("createOffer");
    }

    @Test
    void iceRestartGoesToThePeerConnectionAndItsRenegotiationReusesTheExchange() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
        port.log.clear();

        negotiator.restartIce();
        negotiator.onNegotiationNeeded(); // libwebrtc's answer to restartIce

        assertThat(port.log).containsExactly("restartIce", "createOffer", "setLocal OFFER offer-2");
    }

    @Test
    void anIceRestartReplacesOurUnansweredOfferWithAFreshOne() {
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
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
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
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
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
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
        negotiator.attach(port);
        negotiator.makeOffer();
        negotiator.onRemoteAnswer("their-answer");
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
        List<String> completed = new ArrayList<>();
        Negotiator.Events base = recorder(new ArrayList<>());
        Negotiator counting = new Negotiator("test-call", Runnable::run, new Negotiator.Events() {
            @Override
            public void sendOffer(String sdp) {
                base.sendOffer(sdp);
            }

            @Override
            public void sendAnswer(String sdp) {
                completed.add("answered " + sdp);
            }

            @Override
            public void remoteDescription(String sdp) {
            }

            @Override
            public void negotiated() {
            }

            @Override
            public void exchangeCompleted() {
                completed.add("exchange");
            }

            @Override
            public void failed(String what, Throwable cause) {
                completed.add("failed " + what);
            }
        });
        counting.attach(port);
        counting.makeOffer();
        counting.onRemoteAnswer("their-answer"); // our offer's exchange
        counting.onRemoteOffer("their-restart", false); // theirs, answered by us
        port.failNext = "setRemote";
        counting.restartIce();
        counting.onRemoteAnswer("an-answer-that-fails");

        assertThat(completed).containsExactly("exchange", "answered answer-1", "exchange");
    }

    private static Negotiator.Events recorder(List<String> events) {
        return new Negotiator.Events() {
            @Override
            public void sendOffer(String sdp) {
                events.add("send offer " + sdp);
            }

            @Override
            public void sendAnswer(String sdp) {
                events.add("send answer " + sdp);
            }

            @Override
            public void remoteDescription(String sdp) {
                events.add("remote " + sdp);
            }

            @Override
            public void negotiated() {
                events.add("negotiated");
            }

            @Override
            public void failed(String what, Throwable cause) {
                events.add("failed " + what);
            }
        };
    }
}
