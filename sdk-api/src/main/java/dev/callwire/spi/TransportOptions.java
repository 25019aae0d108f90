package dev.callwire.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings every transport honours. Immutable; make one with {@link #builder()}.
 *
 * @param connectTimeout     how long one connection attempt may take
 * @param reconnectMinDelay  first delay before reconnecting; doubled on each failed attempt
 * @param reconnectMaxDelay  longest delay between reconnection attempts
 * @param maxQueuedMessages  how many messages are queued while disconnected before {@code send} returns {@code false}
 */
public record TransportOptions(Duration connectTimeout, Duration reconnectMinDelay, Duration reconnectMaxDelay,
                               int maxQueuedMessages) {

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

    /** Defaults: 10 s connect timeout, reconnect after 250 ms up to 5 s, 256 queued messages. */
    public static TransportOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

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

    /** Builds {@link TransportOptions}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectMinDelay = Duration.ofMillis(250);
        private Duration reconnectMaxDelay = Duration.ofSeconds(5);
        private int maxQueuedMessages = 256;

        private Builder() {
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder reconnectDelays(Duration min, Duration max) {
            this.reconnectMinDelay = min;
            this.reconnectMaxDelay = max;
            return this;
        }

        public Builder maxQueuedMessages(int maxQueuedMessages) {
            this.maxQueuedMessages = maxQueuedMessages;
            return this;
        }

        public TransportOptions build() {
            return new TransportOptions(connectTimeout, reconnectMinDelay, reconnectMaxDelay, maxQueuedMessages);
        }
    }
}
