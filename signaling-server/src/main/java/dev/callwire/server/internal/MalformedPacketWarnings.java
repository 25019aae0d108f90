package dev.callwire.server.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warning a minute about malformed engine.io/socket.io packets. Such a packet is the client's mistake,
 * and one client sending them in a loop would fill the log; the warning says how many were left out.
 */
final class MalformedPacketWarnings {

    private static final Logger LOG = LoggerFactory.getLogger(MalformedPacketWarnings.class);
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final AtomicLong LAST = new AtomicLong(System.nanoTime() - INTERVAL.toNanos());
    private static final AtomicLong SUPPRESSED = new AtomicLong();

    private MalformedPacketWarnings() {
    }

    /** Logs {@code what} (no client data in it) unless a warning was logged less than a minute ago. */
    static void warn(String what) {
        long now = System.nanoTime();
        long last = LAST.get();
        if (now - last < INTERVAL.toNanos() || !LAST.compareAndSet(last, now)) {
            SUPPRESSED.incrementAndGet();
            LOG.debug("Refused a malformed packet: {}", what);
            return;
        }
        LOG.warn("Refused a malformed socket.io packet ({}); closed its connection ({} more since the previous "
                + "warning; at most one per {} min)", what, SUPPRESSED.getAndSet(0), INTERVAL.toMinutes());
    }
}
