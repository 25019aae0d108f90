package dev.callwire.protocol;

/**
 * Client → server: enter a room.
 *
 * @param name  display name of at most 64 characters, or {@code null}
 * @param token join token, or {@code null}; never logged
 */
public record Join(String room, String name, String token) implements Message {

    public Join {
        Names.require("room", room, MessageType.JOIN);
        if (name != null && name.length() > Names.MAX_DISPLAY_NAME_LENGTH) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE,
                    "name must be at most 64 characters, got " + name.length(), MessageType.JOIN.wireName());
        }
    }

    @Override
    public MessageType type() {
        return MessageType.JOIN;
    }

    @Override
    public String toString() {
        return "Join[room=" + room + ", name=" + name + (token == null ? "" : ", token=***") + "]";
    }
}
