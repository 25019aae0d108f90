package dev.callwire.webrtc.internal.room;

import dev.callwire.ClientLimits;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.webrtc.internal.CapLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Candidates that came before their call's offer, bounded per call and per room in count and characters (see
 * {@link ClientLimits#maxEarlyCandidates()}). Each call id belongs to the peer that first sent a candidate for
 * it. When the room is full, the peer holding the most gives way, so one peer trickling junk under many call
 * ids only ever pushes out its own. Engine thread only.
 */
final class EarlyCandidates {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyCandidates.class);

    private static final class Buffer {
        final String peerId;
        final List<IceCandidate> candidates = new ArrayList<>();
        int chars;

        Buffer(String peerId) {
            this.peerId = peerId;
        }
    }

    private final String roomName;
    private final ClientLimits limits;
    private final Map<String, Buffer> byCall = new LinkedHashMap<>(); // arrival order: the eldest goes first
    private final Map<String, Integer> charsByPeer = new HashMap<>();
    private final CapLog perCallFull = new CapLog(LOG);
    private final CapLog roomFull = new CapLog(LOG);
    private int count;
    private int chars;

    EarlyCandidates(String roomName, ClientLimits limits) {
        this.roomName = roomName;
        this.limits = limits;
    }

    /** The characters a candidate costs: its line and its media id ({@code null}, end-of-candidates, costs 0). */
    static int size(IceCandidate candidate) {
        return candidate == null ? 0
                : candidate.candidate().length() + (candidate.sdpMid() == null ? 0 : candidate.sdpMid().length());
    }

    /** Keeps a candidate of {@code peerId} for {@code callId}; {@code false} (and logged) if a cap refused it. */
    boolean hold(String callId, String peerId, IceCandidate candidate) {
        int size = size(candidate);
        Buffer buffer = byCall.get(callId);
        if (buffer != null && !buffer.peerId.equals(peerId)) {
            perCallFull.warn("Room {}: refusing an early candidate of call {} from {}: that call id is {}'s", roomName,
                    callId, peerId, buffer.peerId);
            return false;
        }
        int callCount = buffer == null ? 0 : buffer.candidates.size();
        int callChars = buffer == null ? 0 : buffer.chars;
        if (callCount + 1 > limits.maxEarlyCandidatesPerCall()
                || callChars + size > limits.maxEarlyCandidateBytesPerCall()) {
            perCallFull.warn("Room {}: refusing an early candidate of call {} from {}: the call already holds {} "
                    + "candidates, {} characters (ClientLimits.maxEarlyCandidatesPerCall {}/{})", roomName, callId,
                    peerId, callCount, callChars, limits.maxEarlyCandidatesPerCall(),
                    limits.maxEarlyCandidateBytesPerCall());
            return false;
        }
        while (count + 1 > limits.maxEarlyCandidates() || chars + size > limits.maxEarlyCandidateBytes()) {
            String biggest = biggestHolder();
            if (biggest == null || biggest.equals(peerId)) {
                roomFull.warn("Room {}: refusing an early candidate of call {} from {}: the room holds {} early "
                        + "candidates, {} characters, most of them {}'s (ClientLimits.maxEarlyCandidates {}/{})",
                        roomName, callId, peerId, count, chars, biggest, limits.maxEarlyCandidates(),
                        limits.maxEarlyCandidateBytes());
                return false;
            }
            String evicted = evictEldestOf(biggest);
            roomFull.warn("Room {}: forgetting the early candidates of call {} from {}, which holds the most, to keep "
                    + "one of {} (ClientLimits.maxEarlyCandidates {}/{})", roomName, evicted, biggest, peerId,
                    limits.maxEarlyCandidates(), limits.maxEarlyCandidateBytes());
            buffer = byCall.get(callId); // still there: it is not the biggest holder's
        }
        if (buffer == null) {
            buffer = new Buffer(peerId);
            byCall.put(callId, buffer);
        }
        buffer.candidates.add(candidate);
        buffer.chars += size;
        count++;
        chars += size;
        charsByPeer.merge(peerId, size + 1, Integer::sum); // +1: an empty candidate still costs its slot
        return true;
    }

    /** The candidates held for a call of {@code peerId}, now taken out; empty if none (or another peer's). */
    List<IceCandidate> take(String callId, String peerId) {
        Buffer buffer = byCall.get(callId);
        if (buffer == null) {
            return List.of();
        }
        remove(callId, buffer);
        if (!buffer.peerId.equals(peerId)) {
            LOG.warn("Room {}: discarding early candidates of call {} from {}: the call is with {}", roomName, callId,
                    buffer.peerId, peerId);
            return List.of();
        }
        return buffer.candidates;
    }

    void drop(String callId) {
        Buffer buffer = byCall.get(callId);
        if (buffer != null) {
            remove(callId, buffer);
        }
    }

    int callCount() {
        return byCall.size();
    }

    int count() {
        return count;
    }

    int chars() {
        return chars;
    }

    private String biggestHolder() {
        String biggest = null;
        int most = -1;
        for (Map.Entry<String, Integer> e : charsByPeer.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                biggest = e.getKey();
            }
        }
        return biggest;
    }

    private String evictEldestOf(String peerId) {
        Iterator<Map.Entry<String, Buffer>> it = byCall.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Buffer> e = it.next();
            if (e.getValue().peerId.equals(peerId)) {
                it.remove();
                account(e.getValue());
                return e.getKey();
            }
        }
        throw new IllegalStateException("peer " + peerId + " holds early candidates but no call of it was found");
    }

    private void remove(String callId, Buffer buffer) {
        byCall.remove(callId);
        account(buffer);
    }

    private void account(Buffer removed) {
        count -= removed.candidates.size();
        chars -= removed.chars;
        int cost = removed.chars + removed.candidates.size();
        charsByPeer.computeIfPresent(removed.peerId, (p, held) -> held - cost <= 0 ? null : held - cost);
    }
}
