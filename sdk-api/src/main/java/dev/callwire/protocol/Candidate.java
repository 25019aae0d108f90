package dev.callwire.protocol;

/**
 * Peer → peer: a trickled ICE candidate of call {@code callId}. It may arrive before the call's offer.
 *
 * @param room      the room
 * @param from      the sender's peer id as stamped by the server, or {@code null} before that
 * @param to        the receiving peer's id
 * @param callId    the call id
 * @param candidate the candidate, or {@code null} for "end of candidates"
 */
public record Candidate(String room, String from, String to, String callId, IceCandidate candidate)
        implements DirectedMessage {

    /**
     * Checks the protocol's rules.
     *
     * @param room      the room, a valid name (see {@link Names})
     * @param from      the sender's peer id, or {@code null} before the server stamps it
     * @param to        the receiving peer's id
     * @param callId    the call id
     * @param candidate the candidate, or {@code null} for "end of candidates"
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
    public Candidate {
        Names.require("room", room, MessageType.CANDIDATE);
        Names.requireOptional("from", from, MessageType.CANDIDATE);
        Names.require("to", to, MessageType.CANDIDATE);
        Names.require("call", callId, MessageType.CANDIDATE);
    }

    /**
     * Whether this is the "end of candidates" marker.
     *
     * @return {@code true} if {@link #candidate()} is {@code null}
     */
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
