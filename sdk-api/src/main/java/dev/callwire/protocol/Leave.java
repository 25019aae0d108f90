package dev.callwire.protocol;

/** Client → server: leave a room. */
public record Leave(String room) implements Message {

    public Leave {
        Names.require("room", room, MessageType.LEAVE);
    }

    @Override
    public MessageType type() {
        return MessageType.LEAVE;
    }
}
