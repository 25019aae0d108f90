package dev.callwire.protocol;

import dev.callwire.IceServer;
import java.util.List;

/**
 * Server → client: the join succeeded.
 *
 * @param room       the room joined
 * @param self       the id the server assigned to the joiner
 * @param peers      the peers already in the room; unmodifiable, never {@code null}
 * @param iceServers ICE servers the server hands out (e.g. TURN REST credentials); unmodifiable, never {@code null}
 */
public record Welcome(String room, String self, List<PeerInfo> peers, List<IceServer> iceServers) implements Message {

    /**
     * Checks the protocol's rules and copies the lists.
     *
     * @param room       the room joined, a valid name (see {@link Names})
     * @param self       the joiner's peer id, a valid name
     * @param peers      the peers already in the room; {@code null} means none
     * @param iceServers ICE servers for the joiner; {@code null} means none
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     * @throws NullPointerException if a list contains {@code null}
     */
    public Welcome {
        Names.require("room", room, MessageType.WELCOME);
        Names.require("self", self, MessageType.WELCOME);
        peers = peers == null ? List.of() : List.copyOf(peers);
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
    }

    @Override
    public MessageType type() {
        return MessageType.WELCOME;
    }
}
