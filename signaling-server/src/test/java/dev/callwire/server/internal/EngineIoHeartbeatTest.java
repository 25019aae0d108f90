package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine.io heartbeat pings each session on its own schedule, not all of them at every sweep. */
class EngineIoHeartbeatTest {

    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(10);
    private static final long DEAD_AFTER = 4 * INTERVAL;
    private static final long CONNECT_DEADLINE = TimeUnit.SECONDS.toNanos(45);

    private static EngineIoSession pollingSession(long firstPing) {
        return new EngineIoSession("sid", null, Runnable::run, null, () -> { }, firstPing);
    }

    @Test
    void aSessionIsPingedOncePerIntervalCountedFromItsOwnStart() {
        EngineIoSession session = pollingSession(INTERVAL);
        long start = System.nanoTime(); // at or after the session's own start

        session.sweep(start + INTERVAL / 2, INTERVAL, DEAD_AFTER, CONNECT_DEADLINE);
        assertThat(session.waitingPackets()).as("not yet: half an interval old").isEmpty();
        session.sweep(start + INTERVAL + 1, INTERVAL, DEAD_AFTER, CONNECT_DEADLINE);
        assertThat(session.waitingPackets()).containsExactly("2");
        session.sweep(start + INTERVAL + INTERVAL / 10, INTERVAL, DEAD_AFTER, CONNECT_DEADLINE);
        assertThat(session.waitingPackets()).as("the next sweep does not ping again").containsExactly("2");
        session.sweep(start + 2 * INTERVAL + 2, INTERVAL, DEAD_AFTER, CONNECT_DEADLINE);
        assertThat(session.waitingPackets()).containsExactly("2", "2");
    }

    @Test
    void theFirstPingComesAtTheSessionsOwnOffsetThenOncePerInterval() {
        EngineIoSession session = pollingSession(INTERVAL / 4);
        long start = System.nanoTime();

        session.sweep(start + INTERVAL / 4 + 1, INTERVAL, DEAD_AFTER, CONNECT_DEADLINE);
        assertThat(session.waitingPackets()).containsExactly("2");
        session.sweep(start + INTERVAL, INTERVAL, DEAD_AFTER, CONNECT_DEADLINE);
        assertThat(session.waitingPackets()).as("an interval after the first ping, not before").containsExactly("2");
        session.sweep(start + INTERVAL + INTERVAL / 4 + 2, INTERVAL, DEAD_AFTER, CONNECT_DEADLINE);
        assertThat(session.waitingPackets()).containsExactly("2", "2");
    }

    @Test
    void sessionsOpenedTogetherAreFirstPingedSpreadOverTheInterval() {
        SplittableRandom random = new SplittableRandom(17);
        long sweep = INTERVAL / 100;
        int[] perSweep = new int[101];
        for (int i = 0; i < 1_000; i++) {
            long first = EngineIoSessions.firstPingNanos(INTERVAL, random);
            assertThat(first).isBetween(INTERVAL / 10, INTERVAL);
            perSweep[(int) (first / sweep)]++;
        }
        // 1,000 sessions over 90 sweeps: about 11 each. Every session at once was the burst this replaces.
        assertThat(Arrays.stream(perSweep).max().orElseThrow()).isLessThan(30);
        assertThat(Arrays.stream(perSweep, 10, 100).filter(n -> n == 0).count()).as("sweeps without a ping").isZero();
    }
}
