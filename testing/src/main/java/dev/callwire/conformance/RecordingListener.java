package dev.callwire.conformance;

import dev.callwire.ConnectionState;
import dev.callwire.protocol.Message;
import dev.callwire.spi.SignalingTransport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Records what a transport delivers (messages, state changes with their causes, and the threads it called
 * from) and checks that it never calls its listener concurrently or after {@code CLOSED}.
 */
public final class RecordingListener implements SignalingTransport.Listener {

    /**
     * One reported state change.
     *
     * @param state the new state
     * @param cause why, as the transport reported it; {@code null} when it gave no reason
     */
    public record StateChange(ConnectionState state, Throwable cause) {
    }

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<StateChange> changes = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlapped;
    private volatile boolean calledAfterClosed;

    @Override
    public void onMessage(Message message) {
        enter();
        try {
            messages.add(message);
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public void onStateChanged(ConnectionState state, Throwable cause) {
        enter();
        try {
            changes.add(new StateChange(state, cause));
        } finally {
            inside.decrementAndGet();
        }
    }

    private void enter() {
        if (inside.incrementAndGet() > 1) {
            overlapped = true;
        }
        if (changes.stream().anyMatch(c -> c.state() == ConnectionState.CLOSED)) {
            calledAfterClosed = true;
        }
        threads.add(Thread.currentThread().getName());
    }

    /** Every received message, in arrival order. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Received messages of one type, in arrival order. */
    public <T extends Message> List<T> messages(Class<T> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Received messages of one type that match {@code filter}, in arrival order. */
    public <T extends Message> List<T> messages(Class<T> type, Predicate<T> filter) {
        return messages(type).stream().filter(filter).toList();
    }

    /** Every reported state, in order. */
    public List<ConnectionState> states() {
        return changes.stream().map(StateChange::state).toList();
    }

    /** Every reported state change with its cause, in order. */
    public List<StateChange> changes() {
        return List.copyOf(changes);
    }

    /** The last reported state, or {@code null} before the first. */
    public ConnectionState lastState() {
        List<StateChange> all = changes();
        return all.isEmpty() ? null : all.get(all.size() - 1).state();
    }

    /** The last reported state change, or {@code null} before the first. */
    public StateChange lastChange() {
        List<StateChange> all = changes();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** How many times {@code state} was reported. */
    public long count(ConnectionState state) {
        return changes.stream().filter(c -> c.state() == state).count();
    }

    /** The name of the thread of every listener call, in order. */
    public List<String> threads() {
        return List.copyOf(threads);
    }

    /** Whether two listener calls ever ran at the same time (the contract forbids it). */
    public boolean overlapped() {
        return overlapped;
    }

    /** Whether the listener was called after {@code CLOSED} was reported (the contract says it is final). */
    public boolean calledAfterClosed() {
        return calledAfterClosed;
    }
}
