package dev.callwire.webrtc.internal.room;

import dev.callwire.ClientLimits;
import dev.callwire.Peer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.webrtc.internal.CapLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who else is in the room, as the signaling server says: the {@code welcome} list, then {@code peer-joined}
 * and {@code peer-left}. After a signaling reconnect a new {@code welcome} is reconciled with what we knew,
 * as a {@link Change}. This client itself is never a member. At most {@link ClientLimits#maxPeersPerRoom()}
 * members are listed; the excess is refused and logged.
 *
 * <p>Changes come from the engine thread; reads from any thread. The list other threads see is copied when
 * first read after a change, not on every change, so a burst of arrivals costs one copy, not one per arrival.
 */
final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    /** What a welcome changed: who arrived, who is gone, and who is still here under another name. */
    record Change(List<Peer> joined, List<Peer> left, List<Peer> renamed) {
        boolean isEmpty() {
            return joined.isEmpty() && left.isEmpty() && renamed.isEmpty();
        }
    }

    private final String roomName;
    private final int maxPeers;
    private final CapLog full = new CapLog(LOG);
    private final Map<String, Peer> peers = new LinkedHashMap<>(); // guarded by this
    private List<Peer> view = List.of(); // guarded by this; null after a change until read

    Membership(String roomName, int maxPeers) {
        this.roomName = roomName;
        this.maxPeers = maxPeers;
    }

    /** Replaces the member list with a welcome's, reporting the difference. */
    synchronized Change welcome(String selfId, List<PeerInfo> present) {
        Map<String, Peer> fresh = new LinkedHashMap<>();
        int refused = 0;
        for (PeerInfo info : present) {
            if (info.id().equals(selfId) || fresh.containsKey(info.id())) {
                continue;
            }
            if (fresh.size() < maxPeers) {
                fresh.put(info.id(), new Peer(info.id(), info.name()));
            } else {
                refused++;
            }
        }
        if (refused > 0) {
            full.warn("Room {}: welcome lists {} more peers than ClientLimits.maxPeersPerRoom ({}); they are not listed",
                    roomName, refused, maxPeers);
        }
        List<Peer> joined = new ArrayList<>();
        List<Peer> left = new ArrayList<>();
        List<Peer> renamed = new ArrayList<>();
        for (Peer known : peers.values()) {
            if (!fresh.containsKey(known.id())) {
                left.add(known);
            }
        }
        for (Peer peer : fresh.values()) {
            Peer known = peers.get(peer.id());
            if (known == null) {
                joined.add(peer);
            } else if (!Objects.equals(known.displayName(), peer.displayName())) {
                renamed.add(peer);
            }
        }
        peers.clear();
        peers.putAll(fresh);
        view = null;
        return new Change(List.copyOf(joined), List.copyOf(left), List.copyOf(renamed));
    }

    /**
     * A peer arrived (or came back, or changed its name).
     *
     * @return the peer, or {@code null} if it is this client or the room is full (logged)
     */
    synchronized Peer joined(String selfId, PeerInfo info) {
        if (info.id().equals(selfId)) {
            return null;
        }
        if (!peers.containsKey(info.id()) && peers.size() >= maxPeers) {
            full.warn("Room {}: not listing peer {}: the room already lists {} peers (ClientLimits.maxPeersPerRoom)",
                    roomName, info.id(), maxPeers);
            return null;
        }
        Peer peer = new Peer(info.id(), info.name());
        peers.put(peer.id(), peer);
        view = null;
        return peer;
    }

    /** A peer left; {@code null} if it was not known. */
    synchronized Peer left(String peerId) {
        Peer peer = peers.remove(peerId);
        if (peer != null) {
            view = null;
        }
        return peer;
    }

    /** Any thread: the member with this id, or {@code null}. */
    synchronized Peer get(String peerId) {
        return peers.get(peerId);
    }

    synchronized boolean contains(String peerId) {
        return peers.containsKey(peerId);
    }

    synchronized int size() {
        return peers.size();
    }

    synchronized Set<String> ids() {
        return Set.copyOf(peers.keySet());
    }

    /** Any thread: the members as of the last change, in arrival order; an unmodifiable list. */
    synchronized List<Peer> view() {
        if (view == null) {
            view = List.copyOf(peers.values());
        }
        return view;
    }
}
