package dev.callwire;

/**
 * State of a signaling connection: of a {@link Room}, and of the {@link dev.callwire.spi.SignalingTransport}
 * under it. Moves {@code CONNECTING → CONNECTED}, then {@code CONNECTED → RECONNECTING → CONNECTED}
 * any number of times, and ends in {@code CLOSED}, which is final.
 */
public enum ConnectionState {
    /** The first connection attempt is under way. */
    CONNECTING,
    /** Messages flow. */
    CONNECTED,
    /** The connection dropped and is being re-established; calls whose media still flows continue. */
    RECONNECTING,
    /** Closed on request, or given up; final. */
    CLOSED
}
