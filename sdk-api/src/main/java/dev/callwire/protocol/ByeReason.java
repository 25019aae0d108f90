package dev.callwire.protocol;

import java.util.Optional;

/** Why a call ended, as carried by the protocol's {@code bye} message. */
public enum ByeReason {
    HANGUP("hangup"),
    DECLINED("declined"),
    BUSY("busy"),
    TIMEOUT("timeout"),
    FAILED("failed");

    private final String wireName;

    ByeReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ByeReason> fromWireName(String wireName) {
        for (ByeReason reason : values()) {
            if (reason.wireName.equals(wireName)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
