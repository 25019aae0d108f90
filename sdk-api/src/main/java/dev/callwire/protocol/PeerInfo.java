package dev.callwire.protocol;

/**
 * A peer as the protocol lists it.
 *
 * @param id   the peer id, unique in the room
 * @param name display name, or {@code null}
 */
public record PeerInfo(String id, String name) {

    /**
     * Checks the protocol's rules.
     *
     * @param id   the peer id, a valid name (see {@link Names})
     * @param name display name of at most {@value Names#MAX_DISPLAY_NAME_LENGTH} characters, or {@code null}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
    public PeerInfo {
        Names.require("peer.id", id, MessageType.PEER_JOINED);
        if (name != null && name.length() > Names.MAX_DISPLAY_NAME_LENGTH) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "peer name must be at most 64 characters", null);
        }
    }
}
