package dev.callwire.transport.mqtt.internal;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The directed messages a transport accepted and has not yet handed to the broker connection, in order.
 *
 * <p>The one bound is {@code TransportOptions.maxQueuedMessages}: at most that many messages wait here,
 * whether they wait for a connection (disconnected, reconnecting, not yet welcomed) or for the broker to
 * acknowledge earlier ones (the connection's in-flight window is full). While the room is joined on a live
 * connection and nothing waits, a message goes straight through the {@link Sink} without taking a place, so a
 * bound of 0 refuses messages only while they would have to wait.
 *
 * <p>Thread-safe: {@link #offer} is called by senders on any thread, everything else by the transport's loop;
 * the sink is called with this object's lock held and must not block.
 */
final class Outbox {

    /** One encoded directed message for one inbox topic; {@code description} is what may be logged of it. */
    record Entry(String topic, byte[] payload, String description) {
    }

    /** What became of a message handed to the {@link Sink}. */
    enum Result {
        /** Handed to the broker connection. */
        SENT,
        /** The in-flight window is full: keep it, and try again after {@link #resume()}. */
        FULL,
        /** The connection is going away: keep it for the next one. */
        GONE,
        /** Refused for good (the sink logged why): drop it. */
        FAILED
    }

    /** Where messages go once they may: the broker connection. */
    interface Sink {
        Result publish(Entry entry);
    }

    private final int capacity;
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    /** Non-null while messages may flow: the room is joined and the connection is up. */
    private Sink sink;
    /** The sink answered {@link Result#FULL}: nothing flows until {@link #resume()}. */
    private boolean blocked;
    private boolean sealed;

    Outbox(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Sends {@code entry} now if it may flow and nothing waits before it; otherwise keeps it if there is room.
     *
     * @return {@code false} if it was refused: sealed, or {@code capacity} messages already wait
     */
    synchronized boolean offer(Entry entry) {
        Objects.requireNonNull(entry, "entry");
        if (sealed) {
            return false;
        }
        if (waiting.isEmpty() && flowing() && handOver(entry)) {
            return true;
        }
        if (waiting.size() >= capacity) {
            return false;
        }
        waiting.add(entry);
        return true;
    }

    /** Lets messages flow through {@code sink}, those waiting first. */
    synchronized void open(Sink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        blocked = false;
        flush();
    }

    /** Stops the flow (the connection dropped, or the room was left); messages wait from now on. */
    synchronized void pause() {
        sink = null;
        blocked = false;
    }

    /** The broker acknowledged something: if the in-flight window was full, what waits flows again. */
    synchronized void resume() {
        if (blocked) {
            blocked = false;
            flush();
        }
    }

    /** Hands what waits to the sink, in order, as far as it takes them. */
    synchronized void flush() {
        while (!waiting.isEmpty() && flowing()) {
            if (!handOver(waiting.peek())) {
                return;
            }
            waiting.poll();
        }
    }

    /** Refuses every later {@link #offer}; what waits stays until {@link #clear()}. Idempotent. */
    synchronized void seal() {
        sealed = true;
    }

    /** Drops what waits and tells how many messages that was. */
    synchronized int clear() {
        int dropped = waiting.size();
        waiting.clear();
        return dropped;
    }

    synchronized int size() {
        return waiting.size();
    }

    synchronized boolean isOpen() {
        return sink != null;
    }

    private boolean flowing() {
        return sink != null && !blocked;
    }

    /** Tells whether the entry is done with (sent, or dropped for good) rather than left to wait. */
    private boolean handOver(Entry entry) {
        switch (sink.publish(entry)) {
            case SENT, FAILED -> {
                return true;
            }
            case FULL -> {
                blocked = true;
                return false;
            }
            default -> {
                sink = null; // GONE: the loss of the connection is being reported; wait for the next one
                return false;
            }
        }
    }
}
