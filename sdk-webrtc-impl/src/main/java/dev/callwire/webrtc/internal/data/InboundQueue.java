package dev.callwire.webrtc.internal.data;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What one call's file channel received and its lane has not handled yet, bounded in bytes and in messages.
 * libwebrtc delivers messages whatever the receiver does, so when the bound is reached the message is dropped
 * and the consumer is told, in order, that a gap begins there; it then gives up the transfer in progress.
 * {@link #offer} never blocks: it is called on libwebrtc's threads.
 */
final class InboundQueue {

    /** Runs on the lane, in arrival order. */
    interface Consumer {
        void onMessage(byte[] bytes, boolean binary);

        /** Messages were dropped here, after the ones delivered before. */
        void onOverflow();
    }

    private final Executor lane;
    private final Consumer consumer;
    private final long maxBytes;
    private final int maxMessages;
    private long bytes; // guarded by this
    private int messages; // guarded by this
    private boolean inGap; // guarded by this
    private volatile boolean closed;

    InboundQueue(Executor lane, Consumer consumer, long maxBytes, int maxMessages) {
        this.lane = lane;
        this.consumer = consumer;
        this.maxBytes = maxBytes;
        this.maxMessages = maxMessages;
    }

    /**
     * Queues one message, or drops it when the queue is full (binary messages count against both bounds, text
     * ones only against the message bound: control messages stay small).
     *
     * @return whether it was queued
     */
    boolean offer(byte[] message, boolean binary) {
        if (closed) {
            return false;
        }
        try {
            synchronized (this) { // handing on inside keeps the lane's order the arrival order
                boolean full = messages >= maxMessages || binary && bytes + message.length > maxBytes;
                if (full) {
                    if (!inGap) {
                        inGap = true;
                        lane.execute(consumer::onOverflow);
                    }
                    return false;
                }
                inGap = false;
                messages++;
                bytes += message.length;
                lane.execute(() -> deliver(message, binary));
                return true;
            }
        } catch (RejectedExecutionException e) {
            closed = true;
            return false;
        }
    }

    private void deliver(byte[] message, boolean binary) {
        synchronized (this) {
            messages--;
            bytes -= message.length;
        }
        if (!closed) {
            consumer.onMessage(message, binary);
        }
    }

    synchronized long queuedBytes() {
        return bytes;
    }

    synchronized int queuedMessages() {
        return messages;
    }

    /** Later messages are dropped without a word; queued ones are skipped. */
    void close() {
        closed = true;
    }
}
