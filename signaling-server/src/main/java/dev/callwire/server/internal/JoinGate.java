package dev.callwire.server.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * What a join costs beyond the message rate limit: a per-connection join bucket (every join tells the whole
 * room, so joins are rationed much tighter than relayed messages), and a budget for the INFO lines joins and
 * leaves write, so toggling cannot flood the log (lines over budget go to DEBUG and are counted in the next
 * INFO line). Thread-safe.
 */
final class JoinGate {

    private static final double LOG_LINES_PER_SECOND = 10;
    private static final int LOG_BURST = 50;

    private final double perSecond;
    private final int burst;
    private final TokenBucket.LongSupplierNanos clock;
    private final Map<Connection, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket logBudget = new TokenBucket(LOG_LINES_PER_SECOND, LOG_BURST);
    private final AtomicLong suppressed = new AtomicLong();

    JoinGate(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    JoinGate(double perSecond, int burst, TokenBucket.LongSupplierNanos clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    /** Takes one join from {@code connection}'s bucket, if there is one. */
    boolean tryJoin(Connection connection) {
        boolean[] taken = new boolean[1];
        // Under the map's lock for this key, so that forgetRested() never drops a bucket while a join draws on it.
        buckets.compute(connection, (c, bucket) -> {
            TokenBucket current = bucket == null ? new TokenBucket(perSecond, burst, clock) : bucket;
            taken[0] = current.tryAcquire();
            return current;
        });
        return taken[0];
    }

    /**
     * Drops the buckets that are full again: they remember nothing a new one would not. Most connections join once
     * and then stay; keeping their bucket cost every idle connection about 90 bytes.
     */
    void forgetRested() {
        for (Connection connection : buckets.keySet()) {
            buckets.computeIfPresent(connection, (c, bucket) -> bucket.isFull() ? null : bucket);
        }
    }

    int bucketCount() {
        return buckets.size();
    }

    String describe() {
        return "more than " + perSecond + " joins/s (burst " + burst + ")";
    }

    void forget(Connection connection) {
        buckets.remove(connection);
    }

    /** Logs a join or leave line at INFO within the budget, else at DEBUG. */
    void log(Logger log, String format, Object... args) {
        if (logBudget.tryAcquire()) {
            long skipped = suppressed.getAndSet(0);
            if (skipped > 0) {
                log.info("{} join/leave lines over the log budget went to DEBUG", skipped);
            }
            log.info(format, args);
        } else {
            suppressed.incrementAndGet();
            log.debug(format, args);
        }
    }
}
