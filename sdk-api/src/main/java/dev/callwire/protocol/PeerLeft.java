package dev.callwire.protocol;

/** Server → client: the peer left the room or its connection dropped. */
public record PeerLeft(String room, String peerId) implements Message {

    public PeerLeft {
        Names.require("room", room, MessageType.PEER_LEFT);
        Names.require("peer.id", peerId, MessageType.PEER_LEFT);
    }

    @Override
    public MessageType type() {
        return MessageType.PEER_LEFT;
    }
}
