package dev.callwire;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings every signaling transport honours, set with {@link ClientConfig.Builder#transportOptions}.
 * Immutable; make one with {@link #builder()}.
 *
 * @param connectTimeout     how long one connection attempt may take
 * @param reconnectMinDelay  first delay before reconnecting; doubled on each failed attempt
 * @param reconnectMaxDelay  longest delay between reconnection attempts
 * @param maxQueuedMessages  how many messages are queued while disconnected before {@code send} returns {@code false}
 */
public record TransportOptions(Duration connectTimeout, Duration reconnectMinDelay, Duration reconnectMaxDelay,
                               int maxQueuedMessages) {

    /**
     * Checks the values; prefer {@link #builder()}.
     *
     * @param connectTimeout    how long one connection attempt may take; positive
     * @param reconnectMinDelay first delay before reconnecting; positive
     * @param reconnectMaxDelay longest delay between reconnection attempts; not shorter than {@code reconnectMinDelay}
     * @param maxQueuedMessages how many messages are queued while disconnected; 0 or more
     * @throws NullPointerException     if a duration is {@code null}; the message names it
     * @throws IllegalArgumentException if a value is out of range; the message names it
     */
    public TransportOptions {
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("reconnectMinDelay", reconnectMinDelay);
        requirePositive("reconnectMaxDelay", reconnectMaxDelay);
        if (reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay must not be shorter than reconnectMinDelay");
        }
        if (maxQueuedMessages < 0) {
            throw new IllegalArgumentException("maxQueuedMessages must not be negative, got " + maxQueuedMessages);
        }
    }

    /**
     * Defaults: 10 s connect timeout, reconnect after 250 ms up to 5 s, 256 queued messages.
     *
     * @return the defaults, never {@code null}
     */
    public static TransportOptions defaults() {
        return builder().build();
    }

    /**
     * Starts options from the defaults.
     *
     * @return a new builder, never {@code null}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a variant of these options; these options never change.
     *
     * @return a new builder holding every value of these options, never {@code null}
     */
    public Builder toBuilder() {
        return new Builder().connectTimeout(connectTimeout).reconnectDelays(reconnectMinDelay, reconnectMaxDelay)
                .maxQueuedMessages(maxQueuedMessages);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Builds {@link TransportOptions}. Setters only record values; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectMinDelay = Duration.ofMillis(250);
        private Duration reconnectMaxDelay = Duration.ofSeconds(5);
        private int maxQueuedMessages = 256;

        private Builder() {
        }

        /**
         * Sets how long one connection attempt may take before it counts as failed.
         *
         * @param connectTimeout positive, never {@code null} (checked by {@link #build()}); default 10 s
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets the reconnection backoff: the first delay, doubled after each failed attempt up to the longest.
         *
         * @param min first delay, positive, never {@code null} (checked by {@link #build()}); default 250 ms
         * @param max longest delay, not shorter than {@code min} (checked by {@link #build()}); default 5 s
         * @return this builder
         */
        public Builder reconnectDelays(Duration min, Duration max) {
            this.reconnectMinDelay = min;
            this.reconnectMaxDelay = max;
            return this;
        }

        /**
         * Sets how many messages are queued while disconnected before {@code send} returns {@code false}.
         *
         * @param maxQueuedMessages 0 or more (checked by {@link #build()}); default 256
         * @return this builder
         */
        public Builder maxQueuedMessages(int maxQueuedMessages) {
            this.maxQueuedMessages = maxQueuedMessages;
            return this;
        }

        /**
         * Checks every value and makes the options.
         *
         * @return new immutable options, never {@code null}
         * @throws NullPointerException     if a duration is {@code null}; the message names it
         * @throws IllegalArgumentException if a value is out of range; the message names it
         */
        public TransportOptions build() {
            return new TransportOptions(connectTimeout, reconnectMinDelay, reconnectMaxDelay, maxQueuedMessages);
        }
    }
}
