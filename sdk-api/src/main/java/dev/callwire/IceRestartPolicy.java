package dev.callwire;

import java.time.Duration;
import java.util.Objects;

/**
 * How a call recovers its media path after a network change, set with {@link IceOptions.Builder#restartPolicy}.
 * Immutable; make one with {@link #builder()}.
 *
 * <p>A connected call whose media path fails, or stays disconnected longer than {@code disconnectedTimeout}, sends an
 * ICE-restart offer under the same call id (nothing rings) and shows {@link CallState#RECONNECTING}. An attempt that
 * has not restored the media within its wait is followed by another: the first wait is {@code initialBackoff}, each
 * next one twice as long. The call ends {@link EndReason#FAILED} only after {@code maxAttempts} restarts, or when
 * {@code window} has passed since the first of them, without the media coming back. A change of the host's network
 * addresses (polled every {@code networkPollInterval}) and a signaling reconnect while the media is down restart at
 * once, without waiting.
 *
 * @param disconnectedTimeout how long the media path may stay disconnected before a restart
 * @param maxAttempts         restarts per recovery; 0 turns automatic restarts off (a failed path ends the call)
 * @param window              how long one recovery may take, from its first restart
 * @param initialBackoff      wait after the first restart before the next; doubled after each
 * @param networkPollInterval how often the host's network interfaces are checked; zero turns the check off
 */
public record IceRestartPolicy(Duration disconnectedTimeout, int maxAttempts, Duration window, Duration initialBackoff,
                               Duration networkPollInterval) {

    /**
     * Checks the values; prefer {@link #builder()}.
     *
     * @param disconnectedTimeout positive
     * @param maxAttempts         0 to 20
     * @param window              positive
     * @param initialBackoff      positive, not longer than {@code window}
     * @param networkPollInterval zero (off) or at least 100 ms
     * @throws NullPointerException     if a duration is {@code null}; the message names it
     * @throws IllegalArgumentException if a value is out of range; the message names it
     */
    public IceRestartPolicy {
        requirePositive("disconnectedTimeout", disconnectedTimeout);
        requirePositive("window", window);
        requirePositive("initialBackoff", initialBackoff);
        Objects.requireNonNull(networkPollInterval, "networkPollInterval");
        if (maxAttempts < 0 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts must be between 0 and 20, got " + maxAttempts);
        }
        if (initialBackoff.compareTo(window) > 0) {
            throw new IllegalArgumentException("initialBackoff must not be longer than window, got " + initialBackoff
                    + " > " + window);
        }
        if (networkPollInterval.isNegative()
                || (!networkPollInterval.isZero() && networkPollInterval.toMillis() < 100)) {
            throw new IllegalArgumentException("networkPollInterval must be zero (off) or at least 100 ms, got "
                    + networkPollInterval);
        }
    }

    /**
     * Defaults: restart after 2 s disconnected, 3 attempts within 30 s (waits of 5 s, then 10 s), network checked
     * every second.
     *
     * @return the defaults, never {@code null}
     */
    public static IceRestartPolicy defaults() {
        return builder().build();
    }

    /**
     * No automatic restarts and no network check: a failed media path ends the call at once.
     *
     * @return the policy, never {@code null}
     */
    public static IceRestartPolicy disabled() {
        return builder().maxAttempts(0).networkPollInterval(Duration.ZERO).build();
    }

    /**
     * Starts a policy from the defaults.
     *
     * @return a new builder, never {@code null}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a variant of this policy; this policy never changes.
     *
     * @return a new builder holding every value of this policy, never {@code null}
     */
    public Builder toBuilder() {
        return new Builder().disconnectedTimeout(disconnectedTimeout).maxAttempts(maxAttempts).window(window)
                .initialBackoff(initialBackoff).networkPollInterval(networkPollInterval);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Builds an {@link IceRestartPolicy}. Setters only record values; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private Duration disconnectedTimeout = Duration.ofSeconds(2);
        private int maxAttempts = 3;
        private Duration window = Duration.ofSeconds(30);
        private Duration initialBackoff = Duration.ofSeconds(5);
        private Duration networkPollInterval = Duration.ofSeconds(1);

        private Builder() {
        }

        /**
         * Sets how long the media path may stay disconnected before ICE is restarted.
         *
         * @param timeout positive, never {@code null} (checked by {@link #build()}); default 2 s
         * @return this builder
         */
        public Builder disconnectedTimeout(Duration timeout) {
            this.disconnectedTimeout = timeout;
            return this;
        }

        /**
         * Sets how many restarts one recovery may make.
         *
         * @param attempts 0 (off) to 20 (checked by {@link #build()}); default 3
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets how long one recovery may take, from its first restart, before the call ends {@link EndReason#FAILED}.
         *
         * @param window positive, never {@code null} (checked by {@link #build()}); default 30 s
         * @return this builder
         */
        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        /**
         * Sets the wait after the first restart before the next one; each later wait doubles.
         *
         * @param backoff positive, not longer than the window, never {@code null} (checked by {@link #build()});
         *                default 5 s
         * @return this builder
         */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = backoff;
            return this;
        }

        /**
         * Sets how often the host's network interfaces and addresses are checked for changes.
         *
         * @param interval zero (off) or at least 100 ms, never {@code null} (checked by {@link #build()}); default 1 s
         * @return this builder
         */
        public Builder networkPollInterval(Duration interval) {
            this.networkPollInterval = interval;
            return this;
        }

        /**
         * Checks every value and makes the policy.
         *
         * @return a new immutable policy, never {@code null}
         * @throws NullPointerException     if a duration is {@code null}; the message names it
         * @throws IllegalArgumentException if a value is out of range; the message names it
         */
        public IceRestartPolicy build() {
            return new IceRestartPolicy(disconnectedTimeout, maxAttempts, window, initialBackoff, networkPollInterval);
        }
    }
}
