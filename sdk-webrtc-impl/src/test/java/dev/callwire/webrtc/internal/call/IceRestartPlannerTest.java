package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.IceRestartPolicy;
import dev.callwire.webrtc.internal.call.IceRestartPlanner.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The restart decisions over plain millisecond timestamps: no clock, no libwebrtc. Defaults: 2 s, 3 in 30 s, 5 s. */
class IceRestartPlannerTest {

    private final IceRestartPlanner planner = new IceRestartPlanner(IceRestartPolicy.defaults());

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
                .window(Duration.ofSeconds(12)).initialBackoff(Duration.ofSeconds(5)).build());
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
        IceRestartPlanner off = new IceRestartPlanner(IceRestartPolicy.disabled());

        assertThat(off.onDisconnected(0)).isEqualTo(Action.NONE);
        assertThat(off.deadline()).isEqualTo(-1);
        assertThat(off.onTrigger(10)).isEqualTo(Action.NONE);
        assertThat(off.onFailed(20)).isEqualTo(Action.GIVE_UP);
        assertThat(off.totalRestarts()).isZero();
        assertThat(off.exhaustedDetail()).contains("restarts are off");
    }
}
