package dev.callwire.protocol;

/**
 * Client → server: enter a room.
 *
 * @param room   the room to enter
 * @param name   display name of at most 64 characters, or {@code null}
 * @param token  join token, or {@code null}; never logged
 * @param resume the peer id this client had before its connection dropped, or {@code null}. An optional
 *               extension of the protocol (unknown fields are ignored by other servers): a server that
 *               supports it gives the id back when no one else holds it, so calls set up under that id
 *               can still be signaled after a reconnect or a server restart
 */
public record Join(String room, String name, String token, String resume) implements Message {

    /**
     * Checks the protocol's rules.
     *
     * @param room   the room to enter, a valid name (see {@link Names})
     * @param name   display name of at most {@value Names#MAX_DISPLAY_NAME_LENGTH} characters, or {@code null}
     * @param token  join token, or {@code null}
     * @param resume the peer id to ask back, a valid name, or {@code null}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
    public Join {
        Names.require("room", room, MessageType.JOIN);
        Names.requireOptional("resume", resume, MessageType.JOIN);
        if (name != null && name.length() > Names.MAX_DISPLAY_NAME_LENGTH) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE,
                    "name must be at most 64 characters, got " + name.length(), MessageType.JOIN.wireName());
        }
    }

    /**
     * A first join, with nothing to resume.
     *
     * @param room  the room to enter, a valid name (see {@link Names})
     * @param name  display name of at most {@value Names#MAX_DISPLAY_NAME_LENGTH} characters, or {@code null}
     * @param token join token, or {@code null}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
    public Join(String room, String name, String token) {
        this(room, name, token, null);
    }

    /**
     * The same join asking to keep {@code peerId}; this join is unchanged.
     *
     * @param peerId the peer id this client had, a valid name, or {@code null} to ask for nothing
     * @return a new join, never {@code null}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE} if {@code peerId} is not a valid name
     */
    public Join resuming(String peerId) {
        return new Join(room, name, token, peerId);
    }

    @Override
    public MessageType type() {
        return MessageType.JOIN;
    }

    @Override
    public String toString() {
        return "Join[room=" + room + ", name=" + name + (token == null ? "" : ", token=***")
                + (resume == null ? "" : ", resume=" + resume) + "]";
    }
}
