package dev.callwire.server.internal;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in which room on this instance. It changes only under the hub's lock; {@link #find} and {@link #members}
 * may also be called without it, which lets the relay's usual case (both peers here, nothing else to order) skip the
 * hub's lock: one lock taken by every relayed message of every room was the server's busiest monitor under load.
 *
 * <p>Each room is an immutable {@link RoomMembers} in join order (a {@code welcome} lists peers oldest first),
 * replaced on every change.
 */
final class RoomDirectory {

    private final ConcurrentHashMap<String, RoomMembers> rooms = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Connection>> readOnly = Collections.unmodifiableMap(rooms);

    /** {@code room}'s members in join order, empty when nobody is in it; a snapshot, from any thread. */
    Map<String, Connection> members(String room) {
        return rooms.getOrDefault(room, RoomMembers.EMPTY);
    }

    /** Every room with at least one member, each as a snapshot; a live view of the rooms. */
    Map<String, Map<String, Connection>> rooms() {
        return readOnly;
    }

    int roomCount() {
        return rooms.size();
    }

    /** Adds (or replaces, in its place) {@code peerId} in {@code room}; under the hub's lock. */
    void put(String room, String peerId, Connection connection) {
        rooms.put(room, rooms.getOrDefault(room, RoomMembers.EMPTY).with(peerId, connection));
    }

    /** Removes {@code peerId} from {@code room}, and the room once empty; under the hub's lock. */
    Connection remove(String room, String peerId) {
        RoomMembers members = rooms.get(room);
        Connection removed = members == null ? null : members.get(peerId);
        if (removed == null) {
            return null;
        }
        RoomMembers rest = members.without(peerId);
        if (rest.isEmpty()) {
            rooms.remove(room);
        } else {
            rooms.put(room, rest);
        }
        return removed;
    }

    /** The connection holding {@code peerId} in {@code room}, or {@code null}; from any thread, lock or not. */
    Connection find(String room, String peerId) {
        RoomMembers members = rooms.get(room);
        return members == null ? null : members.get(peerId);
    }
}
