package dev.callwire.protocol;

/**
 * Peer → peer: a trickled ICE candidate of call {@code callId}.
 *
 * @param candidate the candidate, or {@code null} for "end of candidates"
 */
public record Candidate(String room, String from, String to, String callId, IceCandidate candidate)
        implements DirectedMessage {

    public Candidate {
        Names.require("room", room, MessageType.CANDIDATE);
        Names.requireOptional("from", from, MessageType.CANDIDATE);
        Names.require("to", to, MessageType.CANDIDATE);
        Names.require("call", callId, MessageType.CANDIDATE);
    }

    /** Whether this is the "end of candidates" marker. */
    public boolean isEndOfCandidates() {
        return candidate == null;
    }

    @Override
    public MessageType type() {
        return MessageType.CANDIDATE;
    }

    @Override
    public Candidate withFrom(String from) {
        return new Candidate(room, from, to, callId, candidate);
    }

    /** Leaves the candidate line out: it carries an address. */
    @Override
    public String toString() {
        return "Candidate[room=" + room + ", from=" + from + ", to=" + to + ", call=" + callId
                + (candidate == null ? ", end-of-candidates" : "") + "]";
    }
}
