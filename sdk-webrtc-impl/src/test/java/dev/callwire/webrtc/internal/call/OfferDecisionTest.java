package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OfferDecisionTest {

    @Test
    void theLowerIdIsPoliteByPlainStringComparison() {
        assertThat(OfferDecision.isPolite("alice", "bob")).isTrue();
        assertThat(OfferDecision.isPolite("bob", "alice")).isFalse();
        assertThat(OfferDecision.isPolite("B", "a")).as("upper case sorts first").isTrue();
        assertThat(OfferDecision.isPolite("p10", "p9")).as("no numeric ordering").isTrue();
    }

    @Test
    void aNewCallWithNobodyRings() {
        assertThat(OfferDecision.decide(false, false, false, false, false, true, true)).isEqualTo(OfferDecision.RING);
    }

    @Test
    void anOfferOfAnEndedCallIsStaleWhateverElseHolds() {
        assertThat(OfferDecision.decide(false, true, true, true, true, false, true)).isEqualTo(OfferDecision.STALE);
    }

    @Test
    void renegotiationWithoutCollisionIsAnsweredByEitherSide() {
        assertThat(OfferDecision.decide(true, false, false, false, false, true, false)).isEqualTo(OfferDecision.ANSWER);
        assertThat(OfferDecision.decide(true, false, false, false, false, true, true)).isEqualTo(OfferDecision.ANSWER);
    }

    @Test
    void collidingRenegotiationRollsBackOnlyOnThePoliteSide() {
        assertThat(OfferDecision.decide(true, false, false, false, true, true, true))
                .isEqualTo(OfferDecision.ROLLBACK_AND_ANSWER);
        assertThat(OfferDecision.decide(true, false, false, false, false, false, true))
                .as("not stable counts as a collision").isEqualTo(OfferDecision.ROLLBACK_AND_ANSWER);
        assertThat(OfferDecision.decide(true, false, false, false, true, true, false)).isEqualTo(OfferDecision.IGNORE);
    }

    @Test
    void crossingNewCallsAreAdoptedByThePoliteSideAndIgnoredByTheOther() {
        assertThat(OfferDecision.decide(false, false, true, true, false, true, true))
                .isEqualTo(OfferDecision.ADOPT_THEIR_CALL);
        assertThat(OfferDecision.decide(false, false, true, true, false, true, false)).isEqualTo(OfferDecision.IGNORE);
    }

    @Test
    void aSecondCallWhileOneIsUpIsBusy() {
        assertThat(OfferDecision.decide(false, false, true, false, false, true, true)).isEqualTo(OfferDecision.BUSY);
        assertThat(OfferDecision.decide(false, false, true, false, false, true, false)).isEqualTo(OfferDecision.BUSY);
    }
}
