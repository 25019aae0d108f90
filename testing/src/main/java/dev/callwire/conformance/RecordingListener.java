package dev.callwire.conformance;

import dev.callwire.ConnectionState;
import dev.callwire.protocol.Message;
import dev.callwire.spi.SignalingTransport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Records what a transport delivers and checks that it never calls its listener concurrently. */
public final class RecordingListener implements SignalingTransport.Listener {

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
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
            states.add(state);
        } finally {
            inside.decrementAndGet();
        }
    }

    private void enter() {
        if (inside.incrementAndGet() > 1) {
            overlapped = true;
        }
        if (states.contains(ConnectionState.CLOSED)) {
            calledAfterClosed = true;
        }
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
        return List.copyOf(states);
    }

    /** The last reported state, or {@code null} before the first. */
    public ConnectionState lastState() {
        return states.isEmpty() ? null : states.get(states.size() - 1);
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
