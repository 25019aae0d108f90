package dev.callwire.server.internal;

/**
 * Per-connection rate limit: {@code ratePerSecond} tokens refill continuously up to {@code burst};
 * every inbound message takes one. Thread-safe.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplierNanos clock;
    private double tokens;
    private long lastRefill;

    /** A monotonic nanosecond source, so tests can drive time without sleeping. */
    @FunctionalInterface
    interface LongSupplierNanos {
        long nanoTime();
    }

    TokenBucket(double ratePerSecond, int burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    TokenBucket(double ratePerSecond, int burst, LongSupplierNanos clock) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.ratePerNano = ratePerSecond / 1_000_000_000d;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.lastRefill = clock.nanoTime();
    }

    /** Takes one token if there is one. */
    synchronized boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the bucket is back to its full burst, i.e. it remembers nothing of past use. */
    synchronized boolean isFull() {
        refill();
        return tokens >= burst;
    }

    private void refill() {
        long now = clock.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
        lastRefill = now;
    }
}
