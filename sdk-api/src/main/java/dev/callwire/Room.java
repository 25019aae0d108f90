package dev.callwire;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A joined room: the peers in it, and the calls with them. Made by {@link CallClient#join}.
 * Each call is one peer connection with one remote peer; calling several peers makes a mesh.
 */
public interface Room extends AutoCloseable {

    /** The room's name. */
    String name();

    /**
     * This client's peer id in the room, as assigned by the signaling server (or chosen by the client on
     * MQTT). It may change after the signaling connection was lost and re-established.
     */
    String selfId();

    /** The other peers present, in the order they joined; an unmodifiable snapshot. */
    List<Peer> peers();

    /** The peer with this id, if present. */
    Optional<Peer> peer(String peerId);

    /** State of the room's signaling connection. */
    ConnectionState connectionState();

    /**
     * Calls a peer ("Call"). Returns at once with the session in {@link CallState#RINGING}. If a call with
     * that peer is already live, that call is returned instead of starting a second one.
     *
     * @throws CallwireException {@code UNKNOWN_PEER} if no such peer is in the room, {@code NOT_JOINED} if
     *                           the room was left
     */
    CallSession call(String peerId);

    /** Calls every peer present that is not in a call with this client yet (a mesh). */
    List<CallSession> callEveryone();

    /** The calls not yet ended; an unmodifiable snapshot. */
    List<CallSession> calls();

    void addListener(RoomListener listener);

    void removeListener(RoomListener listener);

    /**
     * Hangs up every call, tells the server, and closes the signaling connection. Completes when done
     * (on the event thread). Idempotent.
     */
    CompletableFuture<Void> leave();

    /** Same as {@link #leave()} without waiting. */
    @Override
    void close();
}
