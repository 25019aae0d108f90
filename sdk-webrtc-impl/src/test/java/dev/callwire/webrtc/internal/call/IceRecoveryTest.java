package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.IceRestartPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The planner's timer wired to a real scheduler: restarts follow, then the call is given up (short policy). */
class IceRecoveryTest {

    private final ScheduledExecutorService engine = Executors.newSingleThreadScheduledExecutor();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    // The second restart is due 300 ms after the first and is made only inside the window: 900 ms left a timer
    // late by 600 ms (a loaded machine) giving up after one restart. 2 s leaves 1.7 s and costs 1.1 s once.
    private final IceRecovery recovery = new IceRecovery("test-call", new IceRecovery.Target() {
        @Override
        public void restartIce() {
            actions.add("restart");
        }

        @Override
        public void giveUp(String detail) {
            actions.add("give up: " + detail);
            ended.set(true);
        }

        @Override
        public boolean isEnded() {
            return ended.get();
        }
    }, engine, IceRestartPolicy.builder().disconnectedTimeout(Duration.ofMillis(100)).maxAttempts(2)
            .window(Duration.ofMillis(2000)).initialBackoff(Duration.ofMillis(300)).build(), connected::get);

    @AfterEach
    void stop() {
        engine.shutdownNow();
    }

    @Test
    void aLastingDisconnectionRestartsThenGivesUpWhenTheBudgetIsSpent() {
        engine.execute(recovery::onDisconnected);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(ended::get);
        assertThat(actions).hasSize(3);
        assertThat(actions.subList(0, 2)).containsOnly("restart");
        assertThat(actions.get(2)).startsWith("give up: ICE restart attempts exhausted: 2 restart(s) of at most 2");
        assertThat(recovery.restarts()).isEqualTo(2);
    }

    @Test
    void connectingAgainStopsTheTimerAndRecordsTheRecoveryTime() {
        engine.execute(recovery::onFailed);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> actions.size() == 1);
        connected.set(true);
        engine.execute(recovery::onConnected);

        Awaitility.await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5))
                .until(() -> actions.size() == 1);
        assertThat(ended).isFalse();
        assertThat(recovery.lastRecoveredMillis()).isNotNegative();
    }
}
