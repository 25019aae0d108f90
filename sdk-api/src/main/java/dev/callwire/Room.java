package dev.callwire;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A joined room: the peers in it, and the calls with them. Made by {@link CallClient#join}.
 * Each call is one peer connection with one remote peer; calling several peers makes a mesh.
 */
public interface Room extends AutoCloseable {

    /**
     * The room's name, as given to {@link CallClient#join}.
     *
     * @return the name, never {@code null}
     */
    String name();

    /**
     * This client's peer id in the room, as assigned by the signaling server (or chosen by the client on
     * MQTT). It may change after the signaling connection was lost and re-established.
     *
     * @return the current peer id, never {@code null} once the join future has completed
     */
    String selfId();

    /**
     * The other peers present, in the order they joined.
     *
     * @return an unmodifiable snapshot, never {@code null}; empty when no one else is in the room
     */
    List<Peer> peers();

    /**
     * The peer with this id, if present.
     *
     * @param peerId a peer id
     * @return the peer, or empty if no such peer is in the room; never {@code null}
     */
    Optional<Peer> peer(String peerId);

    /**
     * State of the room's signaling connection.
     *
     * @return the current state, never {@code null}; {@link ConnectionState#CLOSED} once the room was left
     */
    ConnectionState connectionState();

    /**
     * Calls a peer ("Call"). Returns at once with the session in {@link CallState#RINGING}. If a call with
     * that peer is already live, that call is returned instead of starting a second one. Waits only for
     * the client's internal engine thread, never for the network.
     *
     * @param peerId the id of a peer in {@link #peers()}
     * @return the new or existing call, never {@code null}
     * @throws CallwireException {@code UNKNOWN_PEER} if no such peer is in the room, {@code NOT_JOINED} if
     *                           the room was left, {@code CLOSED} if the client is closed
     */
    CallSession call(String peerId);

    /**
     * Calls every peer present that is not in a call with this client yet (a mesh), as {@link #call} does.
     *
     * @return one call per peer present: the new ones, and the live call of any peer already in one;
     *         empty when no one else is in the room; never {@code null}
     * @throws CallwireException {@code NOT_JOINED} if the room was left, {@code CLOSED} if the client is closed
     */
    List<CallSession> callEveryone();

    /**
     * The calls not yet ended, incoming ones still ringing included.
     *
     * @return an unmodifiable snapshot, never {@code null}
     */
    List<CallSession> calls();

    /**
     * Adds a listener for the events from now on, besides the one given to {@link CallClient#join}.
     * Adding one already added does nothing.
     *
     * @param listener never {@code null}
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    void addListener(RoomListener listener);

    /**
     * Removes a listener; events already queued for it may still arrive. Does nothing if it is not added.
     *
     * @param listener the listener to remove
     */
    void removeListener(RoomListener listener);

    /**
     * Hangs up every call, tells the server, and closes the signaling connection. Completes when done
     * (on the event thread). Idempotent.
     *
     * @return a future completing with {@code null} once the room is left; never {@code null}, the same
     *         future on every call
     */
    CompletableFuture<Void> leave();

    /** Same as {@link #leave()} without waiting. */
    @Override
    void close();
}
