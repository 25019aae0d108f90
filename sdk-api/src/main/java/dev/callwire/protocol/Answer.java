package dev.callwire.protocol;

/** Peer → peer: the SDP answer of call {@code callId}. */
public record Answer(String room, String from, String to, String callId, String sdp) implements DirectedMessage {

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
