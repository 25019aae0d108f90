package dev.callwire.protocol;

import java.util.Optional;

/** The protocol's message types with their wire names. */
public enum MessageType {
    JOIN("join"),
    LEAVE("leave"),
    OFFER("offer"),
    ANSWER("answer"),
    CANDIDATE("candidate"),
    BYE("bye"),
    WELCOME("welcome"),
    PEER_JOINED("peer-joined"),
    PEER_LEFT("peer-left"),
    ERROR("error");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MessageType> fromWireName(String wireName) {
        for (MessageType type : values()) {
            if (type.wireName.equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
