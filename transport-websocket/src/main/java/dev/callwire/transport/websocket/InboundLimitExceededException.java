package dev.callwire.transport.websocket;

import java.io.IOException;

/**
 * The server sent more than the client accepts in one message, or something it must not send at all (a
 * compressed frame nobody negotiated). The connection is closed at once, before the message is read into memory;
 * the transport reconnects as after any other drop. Reported to the transport's listener as the cause of
 * {@code RECONNECTING}.
 */
public final class InboundLimitExceededException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what was too long, and the limit */
    public InboundLimitExceededException(String message) {
        super(message);
    }
}
