package dev.callwire;

import java.util.Objects;

/**
 * The one exception type of the SDK. Unchecked; {@link #reason()} says what went wrong in a way a
 * program can act on, the message says it for a person.
 *
 * <p>Asynchronous operations report failures by completing their {@link java.util.concurrent.CompletionStage}
 * exceptionally with this type (possibly wrapped in a {@link java.util.concurrent.CompletionException} by
 * dependent stages). Programming
 * errors (a {@code null} where none is allowed, an operation in the wrong state) are reported with
 * {@link IllegalArgumentException} / {@link IllegalStateException} instead.
 */
public class CallwireException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        /** No call engine implementation (e.g. {@code sdk-webrtc-impl}) is on the class path. */
        NO_ENGINE,
        /** More than one engine is on the class path and none was chosen. */
        ENGINE_CONFLICT,
        /** The native WebRTC library could not be loaded (missing system library, unsupported platform). */
        NATIVE_LIBRARY,
        /** No signaling transport plugin claims the URI's scheme. */
        NO_TRANSPORT,
        /** Two transport plugins claim the same scheme. */
        TRANSPORT_CONFLICT,
        /** The signaling server or broker could not be reached or the connection was lost. */
        SIGNALING_UNAVAILABLE,
        /** A message broke the wire protocol, or the server refused a request; see {@code ProtocolException}. */
        PROTOCOL,
        /** The peer is not (or no longer) in the room. */
        UNKNOWN_PEER,
        /** The operation needs a joined room. */
        NOT_JOINED,
        /** A camera, microphone or other media device is missing or failed. */
        MEDIA_DEVICE,
        /** WebRTC refused an operation (SDP, ICE, track handling). */
        MEDIA_ENGINE,
        /** The call already ended. */
        CALL_ENDED,
        /** An operation did not finish in its time limit. */
        TIMEOUT,
        /** A file transfer was refused by the receiver, aborted by either side, or arrived damaged. */
        FILE_TRANSFER,
        /** The client, room or transport is closed. */
        CLOSED
    }

    /** What went wrong; never {@code null}. */
    private final Reason reason;

    /**
     * Makes an exception without a cause.
     *
     * @param reason  what went wrong, never {@code null}
     * @param message what went wrong, for a person; never secrets (tokens, credentials) or SDP
     * @throws NullPointerException if {@code reason} is {@code null}
     */
    public CallwireException(Reason reason, String message) {
        this(reason, message, null);
    }

    /**
     * Makes an exception with the exception that caused it.
     *
     * @param reason  what went wrong, never {@code null}
     * @param message what went wrong, for a person; never secrets (tokens, credentials) or SDP
     * @param cause   the underlying failure, or {@code null}
     * @throws NullPointerException if {@code reason} is {@code null}
     */
    public CallwireException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * What went wrong, for a program to act on.
     *
     * @return the reason, never {@code null}; {@link Reason#PROTOCOL} for a {@link dev.callwire.protocol.ProtocolException}
     */
    public Reason reason() {
        return reason;
    }
}
