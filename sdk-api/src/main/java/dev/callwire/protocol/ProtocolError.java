package dev.callwire.protocol;

import java.util.Optional;

/** The error codes of the protocol's {@code error} message, with their wire names. */
public enum ProtocolError {
    /** Not JSON, wrong version, unknown type, or a missing or ill-formed field. */
    BAD_MESSAGE("bad-message"),
    /** A message other than {@code join} before joining. */
    NOT_JOINED("not-joined"),
    /** {@code to} names nobody in the sender's room. */
    UNKNOWN_PEER("unknown-peer"),
    /** The room needs a join token and it is missing or wrong. */
    UNAUTHORIZED("unauthorized"),
    /** The room is at capacity. */
    ROOM_FULL("room-full"),
    /** The encoded message is over 64 KiB (in UTF-8 bytes). */
    TOO_LARGE("too-large"),
    /** The connection sends faster than the server allows. */
    RATE_LIMITED("rate-limited");

    private final String wireName;

    ProtocolError(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The code as it is written on the wire.
     *
     * @return the wire name, e.g. {@code "bad-message"}; never {@code null}
     */
    public String wireName() {
        return wireName;
    }

    /** {@code values()} copies its array on every call; a lookup per decoded message need not. */
    private static final ProtocolError[] ALL = values();

    /**
     * The code with this wire name, if it is one of the protocol's.
     *
     * @param wireName a wire name, case-sensitive; may be {@code null}
     * @return the code, or empty for an unknown name; never {@code null}
     */
    public static Optional<ProtocolError> fromWireName(String wireName) {
        for (ProtocolError error : ALL) {
            if (error.wireName.equals(wireName)) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }
}
