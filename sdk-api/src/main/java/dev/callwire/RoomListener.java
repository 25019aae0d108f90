package dev.callwire;

/**
 * Receives a {@link Room}'s events. Every method has a no-op default; override what you need.
 *
 * <p>Called one at a time on the client's event thread (or its configured executor), never on a
 * native thread. Methods should return quickly; exceptions are caught and logged. After
 * {@link #onConnectionStateChanged} reports {@link ConnectionState#CLOSED}, no further calls are made.
 */
public interface RoomListener {

    /** A peer entered the room. */
    default void onPeerJoined(Room room, Peer peer) {
    }

    /**
     * A peer left the room or its signaling connection dropped. A call with it that is still being set up
     * ends with {@link EndReason#PEER_LEFT}; one whose media flows survives a short signaling outage.
     */
    default void onPeerLeft(Room room, Peer peer) {
    }

    /**
     * A peer is calling. Call {@link CallSession#accept()} or {@link CallSession#decline()}, now or later;
     * unanswered calls end with {@link EndReason#TIMEOUT} after the ring timeout.
     */
    default void onIncomingCall(Room room, CallSession call) {
    }

    /** A call changed state (not called for {@link CallState#ENDED}: see {@link #onCallEnded}). */
    default void onCallStateChanged(Room room, CallSession call, CallState state) {
    }

    /** A call ended. */
    default void onCallEnded(Room room, CallSession call, EndReason reason) {
    }

    /** The signaling connection changed state. */
    default void onConnectionStateChanged(Room room, ConnectionState state) {
    }

    /**
     * Something went wrong that no operation of yours is waiting for, e.g. the server refused a message
     * or the room's signaling connection was given up. Calls are not affected unless they end.
     */
    default void onError(Room room, CallwireException error) {
    }
}
