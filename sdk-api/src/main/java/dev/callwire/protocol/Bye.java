package dev.callwire.protocol;

/**
 * Peer → peer: ends call {@code callId}.
 *
 * @param reason why, or {@code null} (read as {@link ByeReason#HANGUP})
 */
public record Bye(String room, String from, String to, String callId, ByeReason reason) implements DirectedMessage {

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

    /** The reason, with an absent one read as {@link ByeReason#HANGUP}. */
    public ByeReason reasonOrHangup() {
        return reason == null ? ByeReason.HANGUP : reason;
    }
}
