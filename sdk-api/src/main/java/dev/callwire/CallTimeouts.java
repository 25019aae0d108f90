package dev.callwire;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the steps of joining and calling may take before the SDK gives up on them. Immutable; part of
 * {@link ClientConfig}. The signaling transport's own connect timeout and backoff are in {@link TransportOptions}.
 *
 * @param join          how long {@code join} may take before its stage fails with
 *                      {@link CallwireException.Reason#TIMEOUT}; positive, 15 s by default
 * @param ring          how long an outgoing or incoming call may ring before it ends with {@link EndReason#TIMEOUT};
 *                      positive, 45 s by default
 * @param connect       how long an answered call may take to connect its media before it ends with
 *                      {@link EndReason#FAILED}; positive, 30 s by default
 * @param peerLeftGrace how long a call with media flowing outlives its peer's departure from signaling (a blip the
 *                      peer recovers from by reconnecting) before it ends with {@link EndReason#PEER_LEFT}; zero (no
 *                      grace) or positive, 15 s by default
 */
public record CallTimeouts(Duration join, Duration ring, Duration connect, Duration peerLeftGrace) {

    private static final CallTimeouts DEFAULTS = new CallTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(45),
            Duration.ofSeconds(30), Duration.ofSeconds(15));

    /**
     * Checks the values.
     *
     * @param join          positive
     * @param ring          positive
     * @param connect       positive
     * @param peerLeftGrace zero or positive
     * @throws NullPointerException     if a value is {@code null}; the message names it
     * @throws IllegalArgumentException if a value is out of range; the message names it
     */
    public CallTimeouts {
        requirePositive("join", join);
        requirePositive("ring", ring);
        requirePositive("connect", connect);
        Objects.requireNonNull(peerLeftGrace, "peerLeftGrace");
        if (peerLeftGrace.isNegative()) {
            throw new IllegalArgumentException("peerLeftGrace must not be negative, got " + peerLeftGrace);
        }
    }

    /**
     * 15 s to join, 45 s of ringing, 30 s to connect, 15 s of grace.
     *
     * @return the defaults, never {@code null}
     */
    public static CallTimeouts defaults() {
        return DEFAULTS;
    }

    /**
     * These timeouts with another join timeout.
     *
     * @param timeout positive, never {@code null}
     * @return new timeouts, never {@code null}
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public CallTimeouts withJoin(Duration timeout) {
        return new CallTimeouts(timeout, ring, connect, peerLeftGrace);
    }

    /**
     * These timeouts with another ring timeout.
     *
     * @param timeout positive, never {@code null}
     * @return new timeouts, never {@code null}
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public CallTimeouts withRing(Duration timeout) {
        return new CallTimeouts(join, timeout, connect, peerLeftGrace);
    }

    /**
     * These timeouts with another connect timeout.
     *
     * @param timeout positive, never {@code null}
     * @return new timeouts, never {@code null}
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public CallTimeouts withConnect(Duration timeout) {
        return new CallTimeouts(join, ring, timeout, peerLeftGrace);
    }

    /**
     * These timeouts with another peer-left grace.
     *
     * @param grace zero (calls end at once) or positive, never {@code null}
     * @return new timeouts, never {@code null}
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public CallTimeouts withPeerLeftGrace(Duration grace) {
        return new CallTimeouts(join, ring, connect, grace);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
