package dev.callwire.server.internal.cluster;

import dev.callwire.protocol.PeerInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One instance's view of the cluster's rooms: the peers it holds itself, and a mirror of the members on other
 * instances, kept from join and leave events and repaired from a Redis snapshot after an outage. Pure data,
 * not thread-safe: guarded by the hub's lock.
 *
 * <p>Why a full mirror and not a Redis lookup per join or message: the hub decides joins and relays under one
 * lock, which must never wait on the network. Each instance therefore holds every remote member in memory (an
 * entry is a few hundred bytes), like socket.io's Redis adapter, and pays a fan-out per join and leave.
 */
final class Directory {

    /** A member of a room held by another instance. */
    record Member(String instance, long seq, String name) {
    }

    /** What the local connections of a room must be told after a change. */
    enum Effect {
        /** Nothing: the event was ours, already known, or a peer moving between instances. */
        NONE,
        /** A peer they did not know: {@code peer-joined}. */
        ANNOUNCE_JOINED,
        /** A peer they knew is gone: {@code peer-left}. */
        ANNOUNCE_LEFT,
        /** Another instance resumed a peer this instance holds: detach the stale local connection. */
        DETACH_LOCAL
    }

    /** A change found by a resync: {@code joined} or left, of {@code peer} in {@code room}. */
    record Change(String room, String peer, String name, boolean joined) {
    }

    private final String self;
    private Map<String, Map<String, Member>> remote = new HashMap<>();
    private final Map<String, Map<String, String>> local = new HashMap<>();
    /** Events seen since a resync began, replayed on top of its snapshot; {@code null} when none is running. */
    private List<ClusterEvent> recorded;

    Directory(String self) {
        this.self = Objects.requireNonNull(self, "self");
    }

    String self() {
        return self;
    }

    /** A local connection holds {@code peer} now; a remote entry for it (it moved here) is dropped. */
    void localJoined(String room, String peer, String name) {
        local.computeIfAbsent(room, r -> new LinkedHashMap<>()).put(peer, name);
        removeRemote(room, peer);
    }

    /** Whether a local connection of this instance holds {@code peer} in {@code room}. */
    boolean holdsLocally(String room, String peer) {
        Map<String, String> members = local.get(room);
        return members != null && members.containsKey(peer);
    }

    /** @return whether this instance held {@code peer} */
    boolean localLeft(String room, String peer) {
        Map<String, String> members = local.get(room);
        if (members == null || !members.containsKey(peer)) {
            return false;
        }
        members.remove(peer);
        if (members.isEmpty()) {
            local.remove(room);
        }
        return true;
    }

    /** The peers this instance holds: room, then peer id to display name ({@code null} for none). */
    Map<String, Map<String, String>> locals() {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        local.forEach((room, members) -> copy.put(room, new LinkedHashMap<>(members)));
        return copy;
    }

    /** Remote members of {@code room}, in cluster join order. */
    List<PeerInfo> remotePeers(String room) {
        Map<String, Member> members = remote.get(room);
        if (members == null) {
            return List.of();
        }
        List<Map.Entry<String, Member>> sorted = new ArrayList<>(members.entrySet());
        sorted.sort(Comparator.comparingLong(e -> e.getValue().seq()));
        List<PeerInfo> peers = new ArrayList<>(sorted.size());
        for (Map.Entry<String, Member> entry : sorted) {
            peers.add(new PeerInfo(entry.getKey(), entry.getValue().name()));
        }
        return peers;
    }

    int remoteCount(String room) {
        Map<String, Member> members = remote.get(room);
        return members == null ? 0 : members.size();
    }

    /** The instance holding {@code peer} in {@code room}, or {@code null} when no other instance does. */
    String instanceOf(String room, String peer) {
        Map<String, Member> members = remote.get(room);
        Member member = members == null ? null : members.get(peer);
        return member == null ? null : member.instance();
    }

    /** Applies a join or leave another instance published, and says what local members must hear. */
    Effect apply(ClusterEvent event) {
        if (recorded != null) {
            recorded.add(event);
        }
        if (event instanceof ClusterEvent.Joined joined) {
            if (joined.instance().equals(self)) {
                return Effect.NONE;
            }
            boolean wasLocal = localLeft(joined.room(), joined.peer());
            Member previous = remote.computeIfAbsent(joined.room(), r -> new HashMap<>())
                    .put(joined.peer(), new Member(joined.instance(), joined.seq(), joined.name()));
            if (wasLocal) {
                return Effect.DETACH_LOCAL;
            }
            return previous == null ? Effect.ANNOUNCE_JOINED : Effect.NONE;
        } else if (event instanceof ClusterEvent.Left left) {
            if (left.instance().equals(self)) {
                return Effect.NONE;
            }
            Map<String, Member> members = remote.get(left.room());
            Member member = members == null ? null : members.get(left.peer());
            // A late leave from the instance a peer moved away from must not remove it from its new one.
            if (member == null || !member.instance().equals(left.instance())) {
                return Effect.NONE;
            }
            removeRemote(left.room(), left.peer());
            return Effect.ANNOUNCE_LEFT;
        }
        return Effect.NONE;
    }

    /** Starts recording events, so a snapshot read from now on can be completed with what happens meanwhile. */
    void beginResync() {
        recorded = new ArrayList<>();
    }

    boolean resyncing() {
        return recorded != null;
    }

    /**
     * Replaces the mirror by {@code snapshot} (room, peer id, member; this instance's own entries are skipped)
     * plus the events seen since {@link #beginResync()}, and returns what local members must be told: peers
     * that appeared or vanished while events were lost.
     */
    List<Change> completeResync(Map<String, Map<String, Member>> snapshot) {
        List<ClusterEvent> replay = recorded == null ? List.of() : recorded;
        recorded = null;
        Map<String, Map<String, Member>> fresh = new HashMap<>();
        snapshot.forEach((room, members) -> members.forEach((peer, member) -> {
            if (!member.instance().equals(self) && !holdsLocally(room, peer)) {
                fresh.computeIfAbsent(room, r -> new HashMap<>()).put(peer, member);
            }
        }));
        Map<String, Map<String, Member>> old = remote;
        remote = fresh;
        for (ClusterEvent event : replay) {
            replayQuietly(event);
        }
        List<Change> changes = new ArrayList<>();
        old.forEach((room, members) -> members.forEach((peer, member) -> {
            if (instanceOf(room, peer) == null && !holdsLocally(room, peer)) {
                changes.add(new Change(room, peer, member.name(), false));
            }
        }));
        remote.forEach((room, members) -> members.forEach((peer, member) -> {
            Map<String, Member> before = old.get(room);
            if (before == null || !before.containsKey(peer)) {
                changes.add(new Change(room, peer, member.name(), true));
            }
        }));
        return changes;
    }

    /** Applies an event to the data only: its effect was acted on when it first arrived. */
    private void replayQuietly(ClusterEvent event) {
        if (event instanceof ClusterEvent.Joined joined && !joined.instance().equals(self)
                && !holdsLocally(joined.room(), joined.peer())) {
            remote.computeIfAbsent(joined.room(), r -> new HashMap<>())
                    .put(joined.peer(), new Member(joined.instance(), joined.seq(), joined.name()));
        } else if (event instanceof ClusterEvent.Left left && left.instance().equals(instanceOf(left.room(), left.peer()))) {
            removeRemote(left.room(), left.peer());
        }
    }

    private void removeRemote(String room, String peer) {
        Map<String, Member> members = remote.get(room);
        if (members != null && members.remove(peer) != null && members.isEmpty()) {
            remote.remove(room);
        }
    }
}
