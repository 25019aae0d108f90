package dev.callwire.protocol;

/** Peer → peer: the SDP offer of call {@code callId}. */
public record Offer(String room, String from, String to, String callId, String sdp) implements DirectedMessage {

    public Offer {
        Names.require("room", room, MessageType.OFFER);
        Names.requireOptional("from", from, MessageType.OFFER);
        Names.require("to", to, MessageType.OFFER);
        Names.require("call", callId, MessageType.OFFER);
        if (sdp == null || sdp.isEmpty()) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "offer needs a non-empty sdp", "offer");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.OFFER;
    }

    @Override
    public Offer withFrom(String from) {
        return new Offer(room, from, to, callId, sdp);
    }

    /** Leaves the SDP out: it carries addresses and is long. */
    @Override
    public String toString() {
        return "Offer[room=" + room + ", from=" + from + ", to=" + to + ", call=" + callId + ", sdp=" + sdp.length() + " chars]";
    }
}
