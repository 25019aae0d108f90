package dev.callwire.server.internal.cluster;

/**
 * What a {@link Cluster} does to this instance's connections when other instances change a room. Every
 * method is called with the hub's lock ({@link #lock()}) held and only queues output.
 */
public interface ClusterInbound {

    /** The hub's lock; the cluster holds it while it changes its view of remote members and calls back. */
    Object lock();

    /** Sends {@code envelope} to every local member of {@code room}. */
    void broadcast(String room, String envelope);

    /**
     * Sends {@code envelope} to the local connection holding {@code peerId} in {@code room}.
     *
     * @return {@code false} when no local connection holds it (the peer left meanwhile)
     */
    boolean deliver(String room, String peerId, String envelope);

    /**
     * Another instance gave {@code peerId} to a client that proved with its resume key that it is the same
     * one: the local connection still holding the id is stale. It is dropped from the room without
     * {@code peer-left} (for everyone the peer never went away) and closed.
     */
    void detach(String room, String peerId);
}
