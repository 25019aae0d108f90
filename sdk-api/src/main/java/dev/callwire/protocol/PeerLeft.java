package dev.callwire.protocol;

/**
 * Server → client: the peer left the room or its connection dropped.
 *
 * @param room   the room
 * @param peerId the id of the peer that left
 */
public record PeerLeft(String room, String peerId) implements Message {

    /**
     * Checks the protocol's rules.
     *
     * @param room   the room, a valid name (see {@link Names})
     * @param peerId the id of the peer that left, a valid name
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
    public PeerLeft {
        Names.require("room", room, MessageType.PEER_LEFT);
        Names.require("peer.id", peerId, MessageType.PEER_LEFT);
    }

    @Override
    public MessageType type() {
        return MessageType.PEER_LEFT;
    }
}
