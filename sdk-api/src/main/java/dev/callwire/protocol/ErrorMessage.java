package dev.callwire.protocol;

import java.util.Objects;

/**
 * Server → client: a request was refused; the connection stays open.
 *
 * @param room    the room, or {@code null} when the refused message had none that could be read
 * @param ref     wire name of the message type that failed, or {@code null}
 */
public record ErrorMessage(String room, ProtocolError code, String message, String ref) implements Message {

    public ErrorMessage {
        Names.requireOptional("room", room, MessageType.ERROR);
        Objects.requireNonNull(code, "code");
        message = message == null ? code.wireName() : message;
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }

    /** The refusal as an exception, for failing a pending operation. */
    public ProtocolException toException() {
        return new ProtocolException(code, "signaling server refused " + (ref == null ? "a message" : "'" + ref + "'")
                + ": " + code.wireName() + " (" + message + ")", ref);
    }
}
