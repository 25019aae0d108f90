package dev.callwire.webrtc.internal.room;

import dev.callwire.ClientLimits;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.webrtc.internal.call.RoutedCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls of one room: live calls by id and by peer, the ids of calls that ended (so their late messages
 * are recognised and dropped), and candidates that arrived before their call's offer ({@link EarlyCandidates}).
 * Every collection is bounded: live calls by the room's peers (one call per peer), the rest by count. Engine
 * thread only, except {@link #view()}.
 */
final class CallRegistry<C extends RoutedCall> {

    static final int REMEMBERED_ENDED_CALLS = 512;

    private final Map<String, C> byId = new LinkedHashMap<>();
    private final Map<String, C> byPeer = new LinkedHashMap<>();
    private final Map<String, Boolean> endedIds = lru(REMEMBERED_ENDED_CALLS);
    private final EarlyCandidates early;
    private volatile List<C> view = List.of();

    CallRegistry(String roomName, ClientLimits limits) {
        this.early = new EarlyCandidates(roomName, limits);
    }

    C byId(String callId) {
        return byId.get(callId);
    }

    C byPeer(String peerId) {
        return byPeer.get(peerId);
    }

    boolean isEnded(String callId) {
        return endedIds.containsKey(callId);
    }

    void markEnded(String callId) {
        endedIds.put(callId, Boolean.TRUE);
        early.drop(callId);
    }

    /** Adds a live call and hands it the candidates that came ahead of its offer. */
    void register(C call) {
        byId.put(call.id(), call);
        byPeer.put(call.peerId(), call);
        early.take(call.id(), call.peerId()).forEach(call::onRemoteCandidate);
        refreshView();
    }

    /** The call now goes by another id; the old one counts as ended. */
    void rekey(C call, String oldId) {
        byId.remove(oldId, call);
        markEnded(oldId);
        register(call);
    }

    /** The call ended: it leaves the registry and its id is remembered as ended. */
    void forget(C call) {
        byId.remove(call.id(), call);
        byPeer.remove(call.peerId(), call);
        markEnded(call.id());
        refreshView();
    }

    /**
     * Keeps a candidate of {@code peerId} for a call id we have not seen an offer for (trickled ahead of it),
     * unless that call ended or a cap of {@link EarlyCandidates} refuses it.
     */
    void holdEarly(String callId, String peerId, IceCandidate candidate) {
        if (!isEnded(callId)) {
            early.hold(callId, peerId, candidate);
        }
    }

    int earlyCallCount() {
        return early.callCount();
    }

    EarlyCandidates early() {
        return early;
    }

    /** A copy, safe to iterate while calls end. */
    List<C> all() {
        return new ArrayList<>(byId.values());
    }

    /** Any thread: the live calls as of the last change. */
    List<C> view() {
        return view;
    }

    private void refreshView() {
        view = List.copyOf(byId.values());
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
