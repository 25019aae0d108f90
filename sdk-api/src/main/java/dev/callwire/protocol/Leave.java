package dev.callwire.protocol;

/**
 * Client → server: leave a room; the others get {@code peer-left}.
 *
 * @param room the room to leave
 */
public record Leave(String room) implements Message {

    /**
     * Checks the protocol's rules.
     *
     * @param room the room to leave, a valid name (see {@link Names})
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
    public Leave {
        Names.require("room", room, MessageType.LEAVE);
    }

    @Override
    public MessageType type() {
        return MessageType.LEAVE;
    }
}
