package dev.callwire.protocol;

import dev.callwire.CallwireException;

/**
 * A message that breaks the protocol (thrown by {@link ProtocolCodec} and the message records), or
 * a request the signaling server refused with an {@code error} message.
 */
public class ProtocolException extends CallwireException {

    private static final long serialVersionUID = 1L;

    /** The protocol error code; never {@code null}. */
    private final ProtocolError error;
    /** The wire name of the message type that failed, or {@code null}. */
    private final String ref;

    /**
     * Makes an exception about no message type in particular.
     *
     * @param error   the protocol error code, never {@code null}
     * @param message what went wrong, for a person; never SDP, candidates or tokens
     * @throws NullPointerException if {@code error} is {@code null}
     */
    public ProtocolException(ProtocolError error, String message) {
        this(error, message, null);
    }

    /**
     * Makes an exception about a message of a given type.
     *
     * @param error   the protocol error code, never {@code null}
     * @param message what went wrong, for a person; never SDP, candidates or tokens
     * @param ref     the wire name of the message type that failed, or {@code null} when unknown
     * @throws NullPointerException if {@code error} is {@code null}
     */
    public ProtocolException(ProtocolError error, String message, String ref) {
        super(Reason.PROTOCOL, message);
        this.error = java.util.Objects.requireNonNull(error, "error");
        this.ref = ref;
    }

    /**
     * The protocol error code that answers this failure on the wire.
     *
     * @return the code, never {@code null}
     */
    public ProtocolError error() {
        return error;
    }

    /**
     * The wire name of the message type that failed.
     *
     * @return the wire name, or {@code null} when it could not be read
     */
    public String ref() {
        return ref;
    }

    /**
     * The {@code error} message a server sends back for this failure.
     *
     * @param room the room of the refused message, or {@code null} when it could not be read
     * @return a new message carrying this exception's code, message and ref; never {@code null}
     */
    public ErrorMessage toErrorMessage(String room) {
        return new ErrorMessage(room, error, getMessage(), ref);
    }
}
