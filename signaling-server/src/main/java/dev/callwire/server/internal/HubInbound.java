package dev.callwire.server.internal;

import dev.callwire.server.internal.cluster.ClusterInbound;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** What other instances do to this instance's connections; the cluster calls it with the hub's lock held. */
final class HubInbound implements ClusterInbound {

    private final Object lock;
    private final RoomDirectory rooms;
    private final Set<Connection> connections;

    HubInbound(Object lock, RoomDirectory rooms, Set<Connection> connections) {
        this.lock = lock;
        this.rooms = rooms;
        this.connections = connections;
    }

    @Override
    public Object lock() {
        return lock;
    }

    @Override
    public void broadcast(String room, String envelope) {
        rooms.members(room).values().forEach(member -> member.send(envelope));
    }

    @Override
    public boolean deliver(String room, String peerId, String envelope) {
        Connection target = rooms.find(room, peerId);
        if (target != null) {
            target.send(envelope);
        }
        return target != null;
    }

    @Override
    public void detach(String room, String peerId) {
        Connection stale = rooms.remove(room, peerId);
        if (stale == null) {
            return;
        }
        connections.remove(stale);
        stale.clearMembership();
        // Closing re-enters the hub and may touch the network: not under the lock.
        CompletableFuture.runAsync(stale::close);
    }
}
