package dev.callwire.protocol;

import dev.callwire.CallwireException;

/**
 * A message that breaks the protocol (thrown by {@link ProtocolCodec} and the message records), or
 * a request the signaling server refused with an {@code error} message.
 */
public class ProtocolException extends CallwireException {

    private static final long serialVersionUID = 1L;

    private final ProtocolError error;
    private final String ref;

    public ProtocolException(ProtocolError error, String message) {
        this(error, message, null);
    }

    /**
     * @param ref the wire name of the message type that failed, or {@code null} when unknown
     */
    public ProtocolException(ProtocolError error, String message, String ref) {
        super(Reason.PROTOCOL, message);
        this.error = java.util.Objects.requireNonNull(error, "error");
        this.ref = ref;
    }

    /** The protocol error code that answers this failure on the wire. */
    public ProtocolError error() {
        return error;
    }

    /** The wire name of the message type that failed, or {@code null} when it could not be read. */
    public String ref() {
        return ref;
    }

    /** The {@code error} message a server sends back for this failure. */
    public ErrorMessage toErrorMessage(String room) {
        return new ErrorMessage(room, error, getMessage(), ref);
    }
}
