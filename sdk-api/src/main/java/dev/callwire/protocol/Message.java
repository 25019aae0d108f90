package dev.callwire.protocol;

/**
 * One envelope of the signaling protocol, version {@value #VERSION}. Each message type is a record;
 * records check the protocol's rules when they are built, so an invalid message cannot be made,
 * sent or received. {@link ProtocolCodec} turns them into JSON and back.
 */
public sealed interface Message
        permits Join, Leave, DirectedMessage, Welcome, PeerJoined, PeerLeft, ErrorMessage {

    /** The protocol version this model speaks. */
    int VERSION = 1;

    /**
     * The message's type, written as the envelope's {@code type}.
     *
     * @return the type, never {@code null}; fixed per record class
     */
    MessageType type();

    /**
     * The room the message belongs to.
     *
     * @return the room, {@code null} only for an {@code error} about an unreadable message
     */
    String room();
}
