package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Offer/answer, candidate buffering, failures and close against a fake peer connection: no libwebrtc. */
class NegotiatorTest extends NegotiatorFixture {

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
        firstExchangeDone();
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
        firstExchangeDone();
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
        firstExchangeDone();
        port.rejectCandidates = true;

        negotiator.onRemoteCandidate(candidate("bad"));

        assertThat(events).doesNotContain("failed answering the offer", "failed applying the answer");
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
}
