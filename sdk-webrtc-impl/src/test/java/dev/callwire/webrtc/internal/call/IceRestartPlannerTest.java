package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.IceRestartPolicy;
import dev.callwire.webrtc.internal.call.IceRestartPlanner.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The restart decisions over plain millisecond timestamps: no clock, no libwebrtc. Defaults: 2 s, 3 in 30 s, 5 s; an
 * attempt's offer waits 2 s for its answer.
 */
class IceRestartPlannerTest {

    private static final long ANSWER_TIMEOUT = 2_000;

    private final IceRestartPlanner planner = new IceRestartPlanner(IceRestartPolicy.defaults(), ANSWER_TIMEOUT);

    @Test
    void aShortDisconnectionRecoversWithoutARestart() {
        assertThat(planner.onDisconnected(1_000)).isEqualTo(Action.NONE);
        assertThat(planner.deadline()).isEqualTo(3_000);

        planner.onConnected(2_500);

        assertThat(planner.deadline()).isEqualTo(-1);
        assertThat(planner.onDeadline(3_000, true)).isEqualTo(Action.NONE);
        assertThat(planner.totalRestarts()).isZero();
        assertThat(planner.lastRecoveredMillis()).isEqualTo(1_500);
    }

    @Test
    void aDisconnectionLongerThanTheTimeoutRestarts() {
        planner.onDisconnected(1_000);

        assertThat(planner.onDeadline(2_999, false)).isEqualTo(Action.NONE); // an early timer is ignored
        assertThat(planner.onDeadline(3_000, false)).isEqualTo(Action.RESTART);
        assertThat(planner.isRecovering()).isTrue();
        assertThat(planner.deadline()).isEqualTo(8_000);

        planner.onConnected(4_200);

        assertThat(planner.isRecovering()).isFalse();
        assertThat(planner.totalRestarts()).isEqualTo(1);
        assertThat(planner.lastRecoveredMillis()).isEqualTo(3_200);
    }

    @Test
    void failureRestartsAtOnceAndADisconnectionDuringTheRecoveryKeepsItsPlan() {
        assertThat(planner.onFailed(10_000)).isEqualTo(Action.RESTART);
        assertThat(planner.deadline()).isEqualTo(15_000);

        assertThat(planner.onDisconnected(11_000)).isEqualTo(Action.NONE);
        assertThat(planner.onFailed(12_000)).isEqualTo(Action.NONE);
        assertThat(planner.deadline()).isEqualTo(15_000);
    }

    @Test
    void attemptsBackOffThenTheRecoveryIsGivenUpAtTheEndOfTheWindow() {
        assertThat(planner.onFailed(0)).isEqualTo(Action.RESTART);
        assertThat(planner.onDeadline(5_000, false)).isEqualTo(Action.RESTART);
        assertThat(planner.deadline()).isEqualTo(15_000); // 5 s, then 10 s
        assertThat(planner.onDeadline(15_000, false)).isEqualTo(Action.RESTART);
        assertThat(planner.deadline()).isEqualTo(30_000); // the last attempt waits until the window closes

        assertThat(planner.onDeadline(30_000, false)).isEqualTo(Action.GIVE_UP);
        assertThat(planner.totalRestarts()).isEqualTo(3);
        assertThat(planner.exhaustedDetail()).contains("exhausted", "3 restart(s) of at most 3", "30000 ms");
    }

    @Test
    void theWindowEndsARecoveryEvenWithAttemptsLeft() {
        IceRestartPlanner slow = new IceRestartPlanner(IceRestartPolicy.builder().maxAttempts(10)
                .window(Duration.ofSeconds(12)).initialBackoff(Duration.ofSeconds(5)).build(), ANSWER_TIMEOUT);
        slow.onFailed(0);
        assertThat(slow.onDeadline(5_000, false)).isEqualTo(Action.RESTART);
        assertThat(slow.deadline()).isEqualTo(12_000); // 10 s would overrun the window

        assertThat(slow.onDeadline(12_000, false)).isEqualTo(Action.GIVE_UP);
        assertThat(slow.totalRestarts()).isEqualTo(2);
    }

    @Test
    void triggersRestartAtOnceWhileAttemptsRemainThenWaitForTheWindow() {
        assertThat(planner.onTrigger(0)).isEqualTo(Action.RESTART); // network changed
        assertThat(planner.onTrigger(400)).isEqualTo(Action.RESTART); // signaling back, media still down
        assertThat(planner.onTrigger(900)).isEqualTo(Action.RESTART);
        assertThat(planner.onTrigger(1_000)).isEqualTo(Action.NONE);
        assertThat(planner.deadline()).isEqualTo(30_000);
        assertThat(planner.onDeadline(30_000, false)).isEqualTo(Action.GIVE_UP);
    }

    @Test
    void aRestartWhileTheOldPathStillWorkedEndsQuietlyAtItsDeadline() {
        assertThat(planner.onTrigger(0)).isEqualTo(Action.RESTART);

        assertThat(planner.onDeadline(5_000, true)).isEqualTo(Action.NONE);

        assertThat(planner.isRecovering()).isFalse();
        assertThat(planner.deadline()).isEqualTo(-1);
        assertThat(planner.lastRecoveredMillis()).isEqualTo(-1); // media was never interrupted
    }

    @Test
    void aLaterRecoveryGetsItsAttemptsBackAndRecoveryTimeIsTheLatest() {
        planner.onFailed(0);
        planner.onDeadline(5_000, false);
        planner.onConnected(6_000);
        assertThat(planner.lastRecoveredMillis()).isEqualTo(6_000);

        planner.onDisconnected(100_000);
        assertThat(planner.onDeadline(102_000, false)).isEqualTo(Action.RESTART);
        assertThat(planner.onDeadline(107_000, false)).isEqualTo(Action.RESTART);
        assertThat(planner.onDeadline(117_000, false)).isEqualTo(Action.RESTART);
        planner.onConnected(118_000);

        assertThat(planner.totalRestarts()).isEqualTo(5);
        assertThat(planner.lastRecoveredMillis()).isEqualTo(18_000);
    }

    @Test
    void withRestartsOffAFailureIsGivenUpAtOnceAndNothingElseRestarts() {
        IceRestartPlanner off = new IceRestartPlanner(IceRestartPolicy.disabled(), ANSWER_TIMEOUT);

        assertThat(off.onDisconnected(0)).isEqualTo(Action.NONE);
        assertThat(off.deadline()).isEqualTo(-1);
        assertThat(off.onTrigger(10)).isEqualTo(Action.NONE);
        assertThat(off.onFailed(20)).isEqualTo(Action.GIVE_UP);
        assertThat(off.totalRestarts()).isZero();
        assertThat(off.exhaustedDetail()).contains("restarts are off");
    }

    @Test
    void anAttemptWhoseOfferGetsNoAnswerIsFollowedWhenTheAnswerIsOverdue() {
        assertThat(planner.onFailed(0)).isEqualTo(Action.RESTART);
        planner.onOfferSent(40);
        assertThat(planner.isAwaitingAnswer()).isTrue();
        assertThat(planner.deadline()).isEqualTo(2_040); // before the attempt's 5 s wait

        assertThat(planner.onDeadline(2_039, false)).isEqualTo(Action.NONE);
        assertThat(planner.onDeadline(2_040, false)).isEqualTo(Action.RESTART);

        assertThat(planner.totalRestarts()).isEqualTo(2);
        assertThat(planner.isAwaitingAnswer()).isFalse(); // until the new attempt's offer goes out
        assertThat(planner.deadline()).isEqualTo(12_040); // the second attempt's 10 s wait
        planner.onOfferSent(2_100);
        assertThat(planner.deadline()).isEqualTo(4_100);
    }

    @Test
    void anAnsweredAttemptWaitsItsWholeBackoffForTheMedia() {
        planner.onFailed(0);
        planner.onOfferSent(40);
        planner.onExchangeCompleted(); // their answer applied, or ours to their colliding offer sent

        assertThat(planner.deadline()).isEqualTo(5_000);
        assertThat(planner.onDeadline(2_040, false)).isEqualTo(Action.NONE); // the cancelled answer timer
        assertThat(planner.onDeadline(5_000, false)).isEqualTo(Action.RESTART);
        assertThat(planner.totalRestarts()).isEqualTo(2);
    }

    @Test
    void anAttemptWaitingForSignalingStartsItsAnswerTimerOnlyWhenTheOfferGoesOut() {
        planner.onFailed(0); // the offer waits: signaling is down

        assertThat(planner.deadline()).isEqualTo(5_000);
        planner.onOfferSent(4_000); // signaling back
        assertThat(planner.deadline()).isEqualTo(5_000); // the attempt's own wait comes first
        assertThat(planner.onDeadline(5_000, false)).isEqualTo(Action.RESTART);
        assertThat(planner.isAwaitingAnswer()).isFalse();
    }

    @Test
    void theLastAttemptsLostOfferWaitsForTheEndOfTheWindowThenGivesUp() {
        planner.onFailed(0);
        planner.onOfferSent(10);
        assertThat(planner.onDeadline(2_010, false)).isEqualTo(Action.RESTART);
        planner.onOfferSent(2_020);
        assertThat(planner.onDeadline(4_020, false)).isEqualTo(Action.RESTART); // the third and last
        planner.onOfferSent(4_030);

        assertThat(planner.onDeadline(6_030, false)).isEqualTo(Action.NONE); // a late answer may still come
        assertThat(planner.deadline()).isEqualTo(30_000);
        assertThat(planner.onDeadline(30_000, false)).isEqualTo(Action.GIVE_UP);
        assertThat(planner.exhaustedDetail()).contains("3 restart(s) of at most 3");
    }

    @Test
    void anUnansweredOfferWhileTheOldPathStillWorksEndsTheRecoveryQuietly() {
        planner.onTrigger(0); // network changed, media still up
        planner.onOfferSent(5);

        assertThat(planner.onDeadline(2_005, true)).isEqualTo(Action.NONE);
        assertThat(planner.isRecovering()).isFalse();
        assertThat(planner.deadline()).isEqualTo(-1);
        assertThat(planner.totalRestarts()).isEqualTo(1);
    }

    @Test
    void offersOutsideARecoveryHaveNoAnswerTimer() {
        planner.onOfferSent(0); // a renegotiation for a new track, say

        assertThat(planner.isAwaitingAnswer()).isFalse();
        assertThat(planner.deadline()).isEqualTo(-1);
    }

    @Test
    void connectingEndsTheWaitForAnAnswer() {
        planner.onFailed(0);
        planner.onOfferSent(10);
        planner.onConnected(900);

        assertThat(planner.isAwaitingAnswer()).isFalse();
        assertThat(planner.deadline()).isEqualTo(-1);
        assertThat(planner.onDeadline(2_010, false)).isEqualTo(Action.NONE);
    }
}
