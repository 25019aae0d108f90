package dev.callwire.protocol;

/**
 * A peer as the protocol lists it.
 *
 * @param name display name, or {@code null}
 */
public record PeerInfo(String id, String name) {

    public PeerInfo {
        Names.require("peer.id", id, MessageType.PEER_JOINED);
        if (name != null && name.length() > Names.MAX_DISPLAY_NAME_LENGTH) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "peer name must be at most 64 characters", null);
        }
    }
}
