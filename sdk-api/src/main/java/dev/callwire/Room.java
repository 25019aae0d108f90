package dev.callwire;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

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
     * @return the current peer id, never {@code null} once the join has completed
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
     * Calls a peer. Returns at once; the engine then starts the call, or finds the live call with that peer
     * (a call is never started twice with the same peer), and completes the stage with it, the new call in
     * {@link CallState#RINGING}. Never waits for the network or the engine thread.
     *
     * <p>The peer is looked up by {@link Peer#id()} among the members when the engine handles the request, so
     * a peer that left in the meantime fails the stage.
     *
     * @param peer a peer of this room, as handed out by {@link #peers()}, {@link #peer(String)} or a
     *             {@link RoomListener} callback
     * @return a new stage for this caller (completing or cancelling a copy of it affects no one else),
     *         completing on the event thread with the new or existing call, or failing with
     *         {@link CallwireException}: {@code UNKNOWN_PEER} if the peer is not in the room,
     *         {@code NOT_JOINED} if the room was left, {@code CLOSED} if the client is closed
     * @throws NullPointerException if {@code peer} is {@code null}
     */
    CompletionStage<CallSession> call(Peer peer);

    /**
     * Calls every peer present that is not in a call with this client yet (a mesh), as {@link #call} does.
     * Returns at once.
     *
     * @return a new stage for this caller, completing on the event thread with one call per peer present (the
     *         new ones, and the live call of any peer already in one; empty when no one else is in the room),
     *         or failing with {@link CallwireException}: {@code NOT_JOINED} if the room was left, {@code CLOSED}
     *         if the client is closed
     */
    CompletionStage<List<CallSession>> callEveryone();

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
     * Hangs up every call, tells the server, and closes the signaling connection. Returns at once. Idempotent.
     *
     * @return a new stage for this caller, never {@code null}, completing with {@code null} on the event thread
     *         once the room is left. Every call returns its own stage: completing or cancelling a copy of it (see
     *         {@link CompletionStage#toCompletableFuture()}) affects neither the room nor other callers.
     */
    CompletionStage<Void> leave();

    /** Same as {@link #leave()} without waiting. */
    @Override
    void close();
}
