package dev.callwire.spi.support;

import dev.callwire.protocol.Message;
import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * The messages a {@link ReconnectingTransport} accepted while it had no open connection, kept in order and
 * bounded, so that a reconnect loses nothing that {@code send} said {@code true} to. Each message is kept
 * with its encoded text: it is encoded once, when it is accepted. Not thread-safe; the transport's lock
 * guards it.
 */
final class OutboundQueue {

    /** One accepted message and its encoding. */
    record Queued(Message message, String text) {
    }

    private final int capacity;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** @return {@code false} if the queue is full and the message was refused */
    boolean offer(Message message, String text) {
        if (queue.size() >= capacity) {
            return false;
        }
        queue.add(new Queued(message, text));
        return true;
    }

    /**
     * Hands the queued messages, oldest first, to {@code writer}; stops at the first it refuses, which stays
     * queued with everything after it.
     *
     * @return {@code true} if the queue is now empty
     */
    boolean drainTo(Predicate<Queued> writer) {
        while (!queue.isEmpty()) {
            if (!writer.test(queue.peek())) {
                return false;
            }
            queue.poll();
        }
        return true;
    }

    /** @return how many messages were dropped */
    int clear() {
        int dropped = queue.size();
        queue.clear();
        return dropped;
    }
}
