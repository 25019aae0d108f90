package dev.callwire.protocol;

import java.util.Objects;

/**
 * Server → client: a request was refused; the connection stays open.
 *
 * @param room    the room, or {@code null} when the refused message had none that could be read
 * @param code    why the message was refused
 * @param message what went wrong, for a person; never {@code null} (defaults to the code's wire name)
 * @param ref     wire name of the message type that failed, or {@code null}
 */
public record ErrorMessage(String room, ProtocolError code, String message, String ref) implements Message {

    /**
     * Checks the protocol's rules.
     *
     * @param room    the room, a valid name (see {@link Names}), or {@code null}
     * @param code    why the message was refused, never {@code null}
     * @param message what went wrong, for a person; {@code null} means the code's wire name
     * @param ref     wire name of the message type that failed, or {@code null}
     * @throws ProtocolException    {@link ProtocolError#BAD_MESSAGE} if {@code room} is not a valid name
     * @throws NullPointerException if {@code code} is {@code null}
     */
    public ErrorMessage {
        Names.requireOptional("room", room, MessageType.ERROR);
        Objects.requireNonNull(code, "code");
        message = message == null ? code.wireName() : message;
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }

    /**
     * The refusal as an exception, for failing a pending operation.
     *
     * @return a new exception with this code and ref, never {@code null}
     */
    public ProtocolException toException() {
        return new ProtocolException(code, "signaling server refused " + (ref == null ? "a message" : "'" + ref + "'")
                + ": " + code.wireName() + " (" + message + ")", ref);
    }
}
