package dev.callwire.server.internal.cluster;

import dev.callwire.protocol.PeerInfo;
import java.util.List;

/**
 * What the hub asks of the other server instances that share its rooms. {@link #local()} is a single
 * instance (no other instances, nothing to tell); {@link RedisCluster} shares membership and relays through
 * Redis.
 *
 * <p>Threading: every method but {@link #start} and {@link #close} is called with the hub's lock held and
 * must not block; an implementation calls its {@link ClusterInbound} with that same lock held.
 */
public interface Cluster extends AutoCloseable {

    /** One instance alone: today's behaviour, where a room lives in this process only. */
    static Cluster local() {
        return LocalCluster.INSTANCE;
    }

    /**
     * Joins the cluster and loads the membership of the other instances; returns when the hub may accept
     * joins. Called once, before any other method.
     *
     * @param inbound the hub, told of what other instances do
     * @throws IllegalStateException if the shared store cannot be reached
     */
    void start(ClusterInbound inbound);

    /** The room's members on other instances, oldest first; empty when there are none. */
    List<PeerInfo> remotePeers(String room);

    /** The number of the room's members on other instances. */
    int remoteCount(String room);

    /**
     * Where a message to {@code peerId} in {@code room} goes when no local connection holds it, or
     * {@code null} when no other instance has such a peer either.
     */
    Route route(String room, String peerId);

    /** A local connection now holds {@code peerId} in {@code room} (a fresh join or a resumed one). */
    void joined(String room, String peerId, String name);

    /** The local connection holding {@code peerId} in {@code room} left it (or closed). */
    void left(String room, String peerId);

    /** Leaves the cluster, so that the others announce this instance's peers as gone now. Idempotent. */
    @Override
    void close();

    /** Delivery to a peer on another instance. */
    interface Route {

        /**
         * Sends one envelope (already stamped with {@code from}) to the peer. Never blocks; messages sent
         * through routes of one cluster in one order arrive in that order. May be called outside the hub lock.
         */
        void deliver(String envelope);
    }
}
