package dev.callwire.protocol;

import java.util.Objects;

/** Server → client: {@code peer} entered the room. */
public record PeerJoined(String room, PeerInfo peer) implements Message {

    public PeerJoined {
        Names.require("room", room, MessageType.PEER_JOINED);
        if (peer == null) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "peer-joined needs a peer", "peer-joined");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.PEER_JOINED;
    }

    public String peerId() {
        return Objects.requireNonNull(peer).id();
    }
}
