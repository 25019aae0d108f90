package dev.callwire.transport.websocket;

import dev.callwire.ConnectionState;
import dev.callwire.protocol.Message;
import dev.callwire.spi.SignalingTransport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a transport reports, and on which threads. */
/** Records what a transport delivers; shared by the socket.io transport's tests. */
public final class RecordingListener implements SignalingTransport.Listener {

    public record StateChange(ConnectionState state, Throwable cause) {
    }

    public final List<Message> messages = new CopyOnWriteArrayList<>();
    public final List<StateChange> changes = new CopyOnWriteArrayList<>();
    /** Messages and states in the one order the listener saw them. */
    public final List<Object> events = new CopyOnWriteArrayList<>();
    public final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Message message) {
        threads.add(Thread.currentThread().getName());
        messages.add(message);
        events.add(message);
    }

    @Override
    public void onStateChanged(ConnectionState state, Throwable cause) {
        threads.add(Thread.currentThread().getName());
        changes.add(new StateChange(state, cause));
        events.add(state);
    }

    public List<ConnectionState> states() {
        return changes.stream().map(StateChange::state).toList();
    }

    public ConnectionState last() {
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).state();
    }

    public long count(ConnectionState state) {
        return changes.stream().filter(c -> c.state() == state).count();
    }
}
