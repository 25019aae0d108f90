package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine.io heartbeat pings each session on its own schedule, not all of them at every sweep. */
class EngineIoHeartbeatTest {

    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(10);
    private static final long DEAD_AFTER = 4 * INTERVAL;
    private static final long CONNECT_DEADLINE = TimeUnit.SECONDS.toNanos(45);

    private static EngineIoSession pollingSession() {
        return new EngineIoSession("sid", null, Runnable::run, null, () -> { });
    }

    @Test
    void aSessionIsPingedOncePerIntervalCountedFromItsOwnStart() {
        EngineIoSession session = pollingSession();
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
}
