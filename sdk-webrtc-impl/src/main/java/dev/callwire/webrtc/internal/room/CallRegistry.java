package dev.callwire.webrtc.internal.room;

import dev.callwire.protocol.IceCandidate;
import dev.callwire.webrtc.internal.call.RoutedCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls of one room: live calls by id and by peer, the ids of calls that ended (so their late messages
 * are recognised and dropped), and candidates that arrived before their call's offer. Every collection is
 * bounded. Engine thread only, except {@link #view()}.
 */
final class CallRegistry<C extends RoutedCall> {

    static final int REMEMBERED_ENDED_CALLS = 512;
    static final int MAX_EARLY_CALLS = 64;
    static final int MAX_EARLY_CANDIDATES_PER_CALL = 256;

    private final Map<String, C> byId = new LinkedHashMap<>();
    private final Map<String, C> byPeer = new LinkedHashMap<>();
    private final Map<String, Boolean> endedIds = lru(REMEMBERED_ENDED_CALLS);
    private final Map<String, List<IceCandidate>> early = lru(MAX_EARLY_CALLS);
    private volatile List<C> view = List.of();

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
        early.remove(callId);
    }

    /** Adds a live call and hands it the candidates that came ahead of its offer. */
    void register(C call) {
        byId.put(call.id(), call);
        byPeer.put(call.peerId(), call);
        List<IceCandidate> waiting = early.remove(call.id());
        if (waiting != null) {
            waiting.forEach(call::onRemoteCandidate);
        }
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
     * Keeps a candidate for a call id we have not seen an offer for (trickled ahead of it), unless that call
     * ended. At most {@value #MAX_EARLY_CALLS} ids, {@value #MAX_EARLY_CANDIDATES_PER_CALL} candidates each.
     */
    void holdEarly(String callId, IceCandidate candidate) {
        if (isEnded(callId)) {
            return;
        }
        List<IceCandidate> waiting = early.computeIfAbsent(callId, id -> new ArrayList<>());
        if (waiting.size() < MAX_EARLY_CANDIDATES_PER_CALL) {
            waiting.add(candidate);
        }
    }

    int earlyCallCount() {
        return early.size();
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
