package dev.callwire.webrtc.internal.room;

import dev.callwire.Peer;
import dev.callwire.protocol.PeerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who else is in the room, as the signaling server says: the {@code welcome} list, then {@code peer-joined}
 * and {@code peer-left}. After a signaling reconnect a new {@code welcome} is reconciled with what we knew,
 * as a {@link Change}. This client itself is never a member. Engine thread only, except {@link #view()}.
 */
final class Membership {

    /** What a welcome changed: who arrived, who is gone, and who is still here under another name. */
    record Change(List<Peer> joined, List<Peer> left, List<Peer> renamed) {
        boolean isEmpty() {
            return joined.isEmpty() && left.isEmpty() && renamed.isEmpty();
        }
    }

    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private volatile List<Peer> view = List.of();

    /** Replaces the member list with a welcome's, reporting the difference. */
    Change welcome(String selfId, List<PeerInfo> present) {
        Map<String, Peer> fresh = new LinkedHashMap<>();
        for (PeerInfo info : present) {
            if (!info.id().equals(selfId)) {
                fresh.put(info.id(), new Peer(info.id(), info.name()));
            }
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
        refreshView();
        return new Change(List.copyOf(joined), List.copyOf(left), List.copyOf(renamed));
    }

    /** A peer arrived (or came back, or changed its name); {@code null} if it is this client. */
    Peer joined(String selfId, PeerInfo info) {
        if (info.id().equals(selfId)) {
            return null;
        }
        Peer peer = new Peer(info.id(), info.name());
        peers.put(peer.id(), peer);
        refreshView();
        return peer;
    }

    /** A peer left; {@code null} if it was not known. */
    Peer left(String peerId) {
        Peer peer = peers.remove(peerId);
        if (peer != null) {
            refreshView();
        }
        return peer;
    }

    Peer get(String peerId) {
        return peers.get(peerId);
    }

    Set<String> ids() {
        return Set.copyOf(peers.keySet());
    }

    /** Any thread: the members as of the last change, in arrival order. */
    List<Peer> view() {
        return view;
    }

    private void refreshView() {
        view = List.copyOf(peers.values());
    }
}
