package dev.callwire.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces {@code peer-joined}/{@code peer-left}: each room's changes wait up to one flush interval, and a
 * join followed by the same peer's leave before the flush is dropped as a pair, so nobody hears of it. A peer
 * toggling join/leave used to make a 400-member room send ~400 messages per toggle (~19,800 messages/s from
 * one connection inside its message rate limit).
 *
 * <p>Ordering stays what clients rely on: the room's pending changes are flushed before a new member's
 * {@code welcome} is built (so it never hears a change older than its member list, and later changes reach it)
 * and before any message is relayed in the room (so nobody gets an offer from a peer it has not heard join).
 * Every method runs under the hub's lock, except {@link #hasPending}, which the relay's lock-free path calls.
 */
final class PresenceFanout {

    /**
     * One pending change of {@code peerId}: {@code json} goes to every member but {@code subject}, the connection
     * that joined or left (which may be back in the room under a new id by the time of the flush).
     */
    private record Change(Connection subject, String peerId, boolean joined, String json) {
    }

    // Concurrent only for hasPending's readers; the lists are touched under the hub's lock alone.
    private final Map<String, List<Change>> pending = new ConcurrentHashMap<>();
    private long sent;
    private long cancelled;

    void joined(String room, Connection subject, String peerId, String json) {
        pending.computeIfAbsent(room, r -> new ArrayList<>()).add(new Change(subject, peerId, true, json));
    }

    void left(String room, Connection subject, String peerId, String json) {
        List<Change> changes = pending.get(room);
        if (changes != null) {
            for (int i = changes.size() - 1; i >= 0; i--) {
                Change change = changes.get(i);
                if (change.peerId().equals(peerId)) {
                    if (change.joined()) {
                        // Nobody has heard of this join yet: the pair cancels out.
                        changes.remove(i);
                        cancelled++;
                        if (changes.isEmpty()) {
                            pending.remove(room);
                        }
                        return;
                    }
                    break;
                }
            }
        }
        pending.computeIfAbsent(room, r -> new ArrayList<>()).add(new Change(subject, peerId, false, json));
    }

    /** Sends {@code room}'s pending changes to its members now. */
    void flush(String room, Map<String, Connection> members) {
        List<Change> changes = pending.get(room);
        if (changes == null) {
            return;
        }
        if (members != null) {
            for (Change change : changes) {
                for (Connection member : members.values()) {
                    if (member != change.subject()) {
                        member.send(change.json());
                        sent++;
                    }
                }
            }
        }
        // Removed only once queued: a relay that finds nothing pending without the lock must come after them.
        pending.remove(room);
    }

    /** Flushes every room (the periodic flush). */
    void flushAll(Map<String, Map<String, Connection>> rooms) {
        for (String room : List.copyOf(pending.keySet())) {
            flush(room, rooms.get(room));
        }
    }

    /** Whether {@code room} has changes not yet sent; any thread. */
    boolean hasPending(String room) {
        return pending.containsKey(room);
    }

    /** Presence messages sent, and join/leave pairs that cancelled out; for tests and the production doc. */
    long sentCount() {
        return sent;
    }

    long cancelledCount() {
        return cancelled;
    }
}
