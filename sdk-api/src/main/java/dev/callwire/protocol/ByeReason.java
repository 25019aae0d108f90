package dev.callwire.protocol;

import java.util.Optional;

/** Why a call ended, as carried by the protocol's {@code bye} message. */
public enum ByeReason {
    /** Either side hung up; the default when {@code bye} carries no reason. */
    HANGUP("hangup"),
    /** The callee declined. */
    DECLINED("declined"),
    /** The callee is already in a call with the caller. */
    BUSY("busy"),
    /** Nobody answered within the ring timeout. */
    TIMEOUT("timeout"),
    /** The call could not be set up, or its media did not connect in time. */
    FAILED("failed");

    private final String wireName;

    ByeReason(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The reason as it is written in {@code bye}'s {@code reason} field.
     *
     * @return the wire name, e.g. {@code "declined"}; never {@code null}
     */
    public String wireName() {
        return wireName;
    }

    /** {@code values()} copies its array on every call; a lookup per decoded message need not. */
    private static final ByeReason[] ALL = values();

    /**
     * The reason with this wire name, if it is one of the protocol's.
     *
     * @param wireName a wire name, case-sensitive; may be {@code null}
     * @return the reason, or empty for an unknown name; never {@code null}
     */
    public static Optional<ByeReason> fromWireName(String wireName) {
        for (ByeReason reason : ALL) {
            if (reason.wireName.equals(wireName)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
