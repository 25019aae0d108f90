package dev.callwire.protocol;

/**
 * Peer → peer: the SDP answer of call {@code callId}.
 *
 * @param room   the room
 * @param from   the sender's peer id as stamped by the server, or {@code null} before that
 * @param to     the receiving peer's id (the caller)
 * @param callId the call id
 * @param sdp    the answer's SDP, never empty; carries addresses, so it is never logged
 */
public record Answer(String room, String from, String to, String callId, String sdp) implements DirectedMessage {

    /**
     * Checks the protocol's rules.
     *
     * @param room   the room, a valid name (see {@link Names})
     * @param from   the sender's peer id, or {@code null} before the server stamps it
     * @param to     the receiving peer's id
     * @param callId the call id
     * @param sdp    the answer's SDP, not empty
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
    public Answer {
        Names.require("room", room, MessageType.ANSWER);
        Names.requireOptional("from", from, MessageType.ANSWER);
        Names.require("to", to, MessageType.ANSWER);
        Names.require("call", callId, MessageType.ANSWER);
        if (sdp == null || sdp.isEmpty()) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "answer needs a non-empty sdp", "answer");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.ANSWER;
    }

    @Override
    public Answer withFrom(String from) {
        return new Answer(room, from, to, callId, sdp);
    }

    /** Leaves the SDP out: it carries addresses and is long. */
    @Override
    public String toString() {
        return "Answer[room=" + room + ", from=" + from + ", to=" + to + ", call=" + callId + ", sdp=" + sdp.length() + " chars]";
    }
}
