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
 * @param resumeKey  the secret that lets this client ask for {@code self} again in a later {@code join}
 *                   ({@link Join#resumeKey()}), or {@code null} when the server hands out none (e.g. MQTT); sent
 *                   only to the joiner, never logged
 */
public record Welcome(String room, String self, List<PeerInfo> peers, List<IceServer> iceServers, String resumeKey)
        implements Message {

    /**
     * Checks the protocol's rules and copies the lists.
     *
     * @param room       the room joined, a valid name (see {@link Names})
     * @param self       the joiner's peer id, a valid name
     * @param peers      the peers already in the room; {@code null} means none
     * @param iceServers ICE servers for the joiner; {@code null} means none
     * @param resumeKey  the joiner's resume key (see {@link Names#isValidResumeKey}), or {@code null}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     * @throws NullPointerException if a list contains {@code null}
     */
    public Welcome {
        Names.require("room", room, MessageType.WELCOME);
        Names.require("self", self, MessageType.WELCOME);
        Names.requireOptionalResumeKey(resumeKey, MessageType.WELCOME);
        peers = peers == null ? List.of() : List.copyOf(peers);
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
    }

    /**
     * A welcome without a resume key, as a server that offers no resume (or the MQTT transport) makes it.
     *
     * @param room       the room joined, a valid name (see {@link Names})
     * @param self       the joiner's peer id, a valid name
     * @param peers      the peers already in the room; {@code null} means none
     * @param iceServers ICE servers for the joiner; {@code null} means none
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     * @throws NullPointerException if a list contains {@code null}
     */
    public Welcome(String room, String self, List<PeerInfo> peers, List<IceServer> iceServers) {
        this(room, self, peers, iceServers, null);
    }

    @Override
    public MessageType type() {
        return MessageType.WELCOME;
    }

    @Override
    public String toString() {
        // The key is a credential for this peer id: logs and assertion messages must not show it.
        return "Welcome[room=" + room + ", self=" + self + ", peers=" + peers + ", iceServers=" + iceServers
                + (resumeKey == null ? "" : ", resumeKey=***") + "]";
    }
}
