package dev.callwire.webrtc.internal.data;

/**
 * The little of a data channel that file transfer uses, so that the sender and receiver run against a fake in
 * unit tests. Calls never throw and never wait for the network.
 */
interface ChannelPort {

    /** @return whether the channel is open for sending */
    boolean isOpen();

    /** @return bytes handed to the channel and not yet sent; 0 when closed or unknown */
    long bufferedAmount();

    /**
     * Hands one message to the channel.
     *
     * @param bytes  exactly the message (the array is sent whole and must not be changed afterwards)
     * @param binary {@code true} for a binary message, {@code false} for UTF-8 text
     * @return {@code false} if the channel is not open or refused the message
     */
    boolean send(byte[] bytes, boolean binary);
}
