package dev.callwire.protocol;

/**
 * A message relayed from one peer to another in the same room: {@code offer}, {@code answer},
 * {@code candidate} and {@code bye}. They carry the call id the caller chose.
 */
public sealed interface DirectedMessage extends Message permits Offer, Answer, Candidate, Bye {

    /**
     * The sender's peer id as stamped by the server (or, on MQTT, the sender); {@code null} on a
     * message a client is about to send to a server, which stamps it.
     */
    String from();

    /** The receiving peer's id. */
    String to();

    /** The call id. */
    String callId();

    /** The same message with {@code from} replaced, as a server stamps it. */
    DirectedMessage withFrom(String from);
}
