package dev.callwire.protocol;

/**
 * A message relayed from one peer to another in the same room: {@code offer}, {@code answer},
 * {@code candidate} and {@code bye}. They carry the call id the caller chose.
 */
public sealed interface DirectedMessage extends Message permits Offer, Answer, Candidate, Bye {

    /**
     * The sender's peer id as stamped by the server (or, on MQTT, the sender); {@code null} on a
     * message a client is about to send to a server, which stamps it.
     *
     * @return the sender's peer id, or {@code null} before stamping
     */
    String from();

    /**
     * The receiving peer's id.
     *
     * @return the id, never {@code null}
     */
    String to();

    /**
     * The call id, carried as {@code call} on the wire.
     *
     * @return the id, never {@code null}
     */
    String callId();

    /**
     * The same message with {@code from} replaced, as a server stamps it; this message is unchanged.
     *
     * @param from the sender's peer id, a valid name, or {@code null}
     * @return a new message of the same type, never {@code null}
     * @throws ProtocolException {@link ProtocolError#BAD_MESSAGE} if {@code from} is not a valid name
     */
    DirectedMessage withFrom(String from);
}
