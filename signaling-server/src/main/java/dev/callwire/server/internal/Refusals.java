package dev.callwire.server.internal;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs refused connections: one WARN per 1,000 refusals of a kind (with the count so far), the rest at DEBUG.
 * A flood of refusals must not become a flood of log lines.
 */
final class Refusals {

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private Refusals() {
    }

    static void log(Logger log, String what, InetAddress address, String why) {
        long count = COUNTS.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        if (count % 1_000 == 1) {
            log.warn("Refusing {}s, e.g. from {}: {} ({} refused so far)", what, address.getHostAddress(), why,
                    count);
        } else {
            log.debug("Refused a {} from {}: {}", what, address.getHostAddress(), why);
        }
    }
}
