package dev.callwire.protocol;

import java.util.Objects;

/**
 * Server → client: {@code peer} entered the room.
 *
 * @param room the room
 * @param peer the peer that entered
 */
public record PeerJoined(String room, PeerInfo peer) implements Message {

    /**
     * Checks the protocol's rules.
     *
     * @param room the room, a valid name (see {@link Names})
     * @param peer the peer that entered, never {@code null}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
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

    /**
     * Shorthand for {@code peer().id()}.
     *
     * @return the id of the peer that entered, never {@code null}
     */
    public String peerId() {
        return Objects.requireNonNull(peer).id();
    }
}
