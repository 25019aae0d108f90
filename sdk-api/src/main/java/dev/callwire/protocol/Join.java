package dev.callwire.protocol;

/**
 * Client → server: enter a room.
 *
 * @param room      the room to enter
 * @param name      display name of at most 64 characters, or {@code null}
 * @param token     join token, or {@code null}; never logged
 * @param resume    the peer id this client had before its connection dropped, or {@code null}. A server
 *                  gives it back only together with a matching {@code resumeKey}
 * @param resumeKey the {@link Welcome#resumeKey() resume key} of the {@code welcome} that assigned
 *                  {@code resume}, or {@code null}; a secret, never logged
 */
public record Join(String room, String name, String token, String resume, String resumeKey) implements Message {

    /**
     * Checks the protocol's rules.
     *
     * @param room      the room to enter, a valid name (see {@link Names})
     * @param name      display name of at most {@value Names#MAX_DISPLAY_NAME_LENGTH} characters, or {@code null}
     * @param token     join token, or {@code null}
     * @param resume    the peer id to ask back, a valid name, or {@code null}
     * @param resumeKey the key that proves {@code resume} was assigned to this client (see
     *                  {@link Names#isValidResumeKey}), or {@code null}; only together with {@code resume}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
    public Join {
        Names.require("room", room, MessageType.JOIN);
        Names.requireOptional("resume", resume, MessageType.JOIN);
        Names.requireOptionalResumeKey(resumeKey, MessageType.JOIN);
        if (resumeKey != null && resume == null) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "resumeKey needs resume (the peer id it is for)",
                    MessageType.JOIN.wireName());
        }
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
        this(room, name, token, null, null);
    }

    /**
     * The same join asking to keep {@code peerId}, proven by {@code key}; this join is unchanged.
     *
     * @param peerId the peer id this client had, a valid name, or {@code null} to ask for nothing
     * @param key    the resume key the server handed out with {@code peerId}, or {@code null} when it gave none
     *               (a server without resume keys, which then assigns a fresh id)
     * @return a new join, never {@code null}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE} if {@code peerId} is not a valid name, if
     *                           {@code key} is malformed, or if {@code key} is given without {@code peerId}
     */
    public Join resuming(String peerId, String key) {
        return new Join(room, name, token, peerId, key);
    }

    @Override
    public MessageType type() {
        return MessageType.JOIN;
    }

    @Override
    public String toString() {
        return "Join[room=" + room + ", name=" + name + (token == null ? "" : ", token=***")
                + (resume == null ? "" : ", resume=" + resume) + (resumeKey == null ? "" : ", resumeKey=***") + "]";
    }
}
