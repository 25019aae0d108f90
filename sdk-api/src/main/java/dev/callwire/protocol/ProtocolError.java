package dev.callwire.protocol;

import java.util.Optional;

/** The error codes of the protocol's {@code error} message, with their wire names. */
public enum ProtocolError {
    BAD_MESSAGE("bad-message"),
    NOT_JOINED("not-joined"),
    UNKNOWN_PEER("unknown-peer"),
    UNAUTHORIZED("unauthorized"),
    ROOM_FULL("room-full"),
    TOO_LARGE("too-large"),
    RATE_LIMITED("rate-limited");

    private final String wireName;

    ProtocolError(String wireName) {
        this.wireName = wireName;
    }

    /** The code as it is written on the wire, e.g. {@code "bad-message"}. */
    public String wireName() {
        return wireName;
    }

    /** The code with this wire name, if it is one of the protocol's. */
    public static Optional<ProtocolError> fromWireName(String wireName) {
        for (ProtocolError error : values()) {
            if (error.wireName.equals(wireName)) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }
}
