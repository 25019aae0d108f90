package dev.callwire.protocol;

/**
 * Peer → peer: the SDP offer of call {@code callId}: a new call, or a renegotiation of a live one
 * under the same id.
 *
 * @param room   the room
 * @param from   the sender's peer id as stamped by the server, or {@code null} before that
 * @param to     the receiving peer's id
 * @param callId the call id, chosen by the caller
 * @param sdp    the offer's SDP, never empty; carries addresses, so it is never logged
 */
public record Offer(String room, String from, String to, String callId, String sdp) implements DirectedMessage {

    /**
     * Checks the protocol's rules.
     *
     * @param room   the room, a valid name (see {@link Names})
     * @param from   the sender's peer id, or {@code null} before the server stamps it
     * @param to     the receiving peer's id
     * @param callId the call id
     * @param sdp    the offer's SDP, not empty
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
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
