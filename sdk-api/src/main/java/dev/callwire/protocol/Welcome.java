package dev.callwire.protocol;

import dev.callwire.IceServer;
import java.util.List;

/**
 * Server → client: the join succeeded.
 *
 * @param self       the id the server assigned to the joiner
 * @param peers      the peers already in the room
 * @param iceServers ICE servers the server hands out (e.g. TURN REST credentials)
 */
public record Welcome(String room, String self, List<PeerInfo> peers, List<IceServer> iceServers) implements Message {

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
