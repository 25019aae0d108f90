package dev.callwire.protocol;

import java.util.Optional;

/** The protocol's message types with their wire names. */
public enum MessageType {
    /** Client to server: enter a room ({@link Join}). */
    JOIN("join"),
    /** Client to server: leave the room ({@link Leave}). */
    LEAVE("leave"),
    /** Peer to peer: an SDP offer that starts or renegotiates a call ({@link Offer}). */
    OFFER("offer"),
    /** Peer to peer: the SDP answer to an offer ({@link Answer}). */
    ANSWER("answer"),
    /** Peer to peer: one trickled ICE candidate, or the end of them ({@link Candidate}). */
    CANDIDATE("candidate"),
    /** Peer to peer: the call is over ({@link Bye}). */
    BYE("bye"),
    /** Server to client: the join succeeded ({@link Welcome}). */
    WELCOME("welcome"),
    /** Server to client: another peer entered the room ({@link PeerJoined}). */
    PEER_JOINED("peer-joined"),
    /** Server to client: another peer left the room or its connection dropped ({@link PeerLeft}). */
    PEER_LEFT("peer-left"),
    /** Server to client: a message was refused ({@link ErrorMessage}). */
    ERROR("error");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The type as it is written in the envelope's {@code type} field.
     *
     * @return the wire name, e.g. {@code "peer-joined"}; never {@code null}
     */
    public String wireName() {
        return wireName;
    }

    /** {@code values()} copies its array on every call; a lookup per decoded message need not. */
    private static final MessageType[] ALL = values();

    /**
     * The type with this wire name, if it is one of the protocol's.
     *
     * @param wireName a wire name, case-sensitive; may be {@code null}
     * @return the type, or empty for an unknown name; never {@code null}
     */
    public static Optional<MessageType> fromWireName(String wireName) {
        for (MessageType type : ALL) {
            if (type.wireName.equals(wireName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
