package dev.callwire.protocol;

/**
 * Peer → peer: ends call {@code callId}.
 *
 * @param room   the room
 * @param from   the sender's peer id as stamped by the server, or {@code null} before that
 * @param to     the receiving peer's id
 * @param callId the call id
 * @param reason why, or {@code null} (read as {@link ByeReason#HANGUP})
 */
public record Bye(String room, String from, String to, String callId, ByeReason reason) implements DirectedMessage {

    /**
     * Checks the protocol's rules.
     *
     * @param room   the room, a valid name (see {@link Names})
     * @param from   the sender's peer id, or {@code null} before the server stamps it
     * @param to     the receiving peer's id
     * @param callId the call id
     * @param reason why, or {@code null} for {@link ByeReason#HANGUP}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE}, naming the field, if a rule is broken
     */
    public Bye {
        Names.require("room", room, MessageType.BYE);
        Names.requireOptional("from", from, MessageType.BYE);
        Names.require("to", to, MessageType.BYE);
        Names.require("call", callId, MessageType.BYE);
    }

    @Override
    public MessageType type() {
        return MessageType.BYE;
    }

    @Override
    public Bye withFrom(String from) {
        return new Bye(room, from, to, callId, reason);
    }

    /**
     * The reason, with an absent one read as {@link ByeReason#HANGUP}.
     *
     * @return the reason, never {@code null}
     */
    public ByeReason reasonOrHangup() {
        return reason == null ? ByeReason.HANGUP : reason;
    }
}
