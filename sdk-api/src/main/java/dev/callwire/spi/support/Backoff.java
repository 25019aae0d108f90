package dev.callwire.spi.support;

import dev.callwire.TransportOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Delays between reconnection attempts: exponential, capped, and jittered so that many clients that lost
 * the same server or broker at the same moment do not all come back at the same moment.
 *
 * <p>The delay before attempt {@code n + 1} (after {@code n} failures in a row) is {@code min × 2^n}, at most
 * {@code max}, with up to half of it taken off at random, and never below {@code min}. {@link #reset()} after
 * a connection that worked starts again from {@code min}.
 *
 * <p>Not thread-safe: use one from a single thread (such as a {@link SerialLoop}) or under a lock.
 */
public final class Backoff {

    /**
     * Each thread's own generator, looked up per call: a {@code ThreadLocalRandom} captured once and used from
     * another thread would give every process the same sequence, which is the lockstep this class prevents.
     */
    private static final RandomGenerator PER_THREAD = () -> ThreadLocalRandom.current().nextLong();

    private final Duration min;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    /**
     * A backoff between the reconnection delays of {@code options}, with a random jitter.
     *
     * @param options the transport's options, never {@code null}; their reconnection delays are used
     */
    public Backoff(TransportOptions options) {
        this(options.reconnectMinDelay(), options.reconnectMaxDelay(), PER_THREAD);
    }

    /**
     * A backoff with a given source of jitter, for instance a seeded {@link java.util.Random} in a test.
     *
     * @param min    the first delay, positive, never {@code null}
     * @param max    the longest delay, not shorter than {@code min}, never {@code null}
     * @param random where the jitter comes from, never {@code null}
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if {@code min} is not positive or {@code max} is shorter than {@code min}
     */
    public Backoff(Duration min, Duration max, RandomGenerator random) {
        this.min = Objects.requireNonNull(min, "min");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (min.isZero() || min.isNegative()) {
            throw new IllegalArgumentException("min must be positive, got " + min);
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max must not be shorter than min, got " + max + " < " + min);
        }
    }

    /**
     * Counts one more failed attempt and tells how long to wait before the next one.
     *
     * @return the delay, between {@code min} and {@code max}; never {@code null}
     */
    public Duration next() {
        long millis = delayMillis(failures, min, max, random.nextDouble());
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        return Duration.ofMillis(millis);
    }

    /** Forgets the failures: the next delay is {@code min} again. Call it once a connection has worked. */
    public void reset() {
        failures = 0;
    }

    /** How many delays {@link #next()} handed out since the last {@link #reset()}: for log lines. */
    int failures() {
        return failures;
    }

    /** The formula of the class description, with the jitter given as {@code random} in {@code [0, 1)}. */
    static long delayMillis(int failures, Duration min, Duration max, double random) {
        long minMs = min.toMillis();
        long maxMs = max.toMillis();
        // min × 2^failures, compared before shifting so that it cannot overflow
        long base = failures >= Long.SIZE - 1 || minMs > (maxMs >> failures) ? maxMs : minMs << failures;
        long jittered = base - (long) (base * 0.5 * random);
        return Math.max(minMs, Math.min(maxMs, jittered));
    }
}
