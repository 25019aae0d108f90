package dev.callwire.server.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in which room on this instance. It changes only under the hub's lock; {@link #find} may also be called
 * without it, which lets the relay's usual case (both peers here, nothing else to order) skip the hub's lock: one
 * lock taken by every relayed message of every room was the server's busiest monitor under load.
 *
 * <p>Two views of the same members: per room in join order (a {@code welcome} lists peers oldest first), read under
 * the lock; and a concurrent index for {@link #find}.
 */
final class RoomDirectory {

    private final Map<String, Map<String, Connection>> inJoinOrder = new HashMap<>();
    private final Map<String, Map<String, Connection>> readOnly = Collections.unmodifiableMap(inJoinOrder);
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Connection>> index = new ConcurrentHashMap<>();

    /** {@code room}'s members in join order, empty when nobody is in it; a live view, under the hub's lock. */
    Map<String, Connection> members(String room) {
        Map<String, Connection> members = inJoinOrder.get(room);
        return members == null ? Map.of() : Collections.unmodifiableMap(members);
    }

    /** Every room with at least one member; a live view, under the hub's lock. */
    Map<String, Map<String, Connection>> rooms() {
        return readOnly;
    }

    int roomCount() {
        return inJoinOrder.size();
    }

    /** Adds (or replaces) {@code peerId} in {@code room}; under the hub's lock. */
    void put(String room, String peerId, Connection connection) {
        inJoinOrder.computeIfAbsent(room, r -> new LinkedHashMap<>()).put(peerId, connection);
        index.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(peerId, connection);
    }

    /** Removes {@code peerId} from {@code room}, and the room once empty; under the hub's lock. */
    Connection remove(String room, String peerId) {
        Map<String, Connection> members = inJoinOrder.get(room);
        if (members == null) {
            return null;
        }
        Connection removed = members.remove(peerId);
        ConcurrentHashMap<String, Connection> indexed = index.get(room);
        indexed.remove(peerId);
        if (members.isEmpty()) {
            inJoinOrder.remove(room);
            index.remove(room);
        }
        return removed;
    }

    /** The connection holding {@code peerId} in {@code room}, or {@code null}; from any thread, lock or not. */
    Connection find(String room, String peerId) {
        ConcurrentHashMap<String, Connection> members = index.get(room);
        return members == null ? null : members.get(peerId);
    }
}
