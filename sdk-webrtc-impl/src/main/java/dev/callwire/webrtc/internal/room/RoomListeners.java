package dev.callwire.webrtc.internal.room;

import dev.callwire.RoomListener;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A room's listeners and the one way events reach them: on the client's event thread, one call per listener.
 * Adding and removing may happen on any thread while events are fired.
 */
final class RoomListeners {

    private final CopyOnWriteArrayList<RoomListener> listeners = new CopyOnWriteArrayList<>();
    private final Executor events;

    RoomListeners(Executor events, RoomListener first) {
        this.events = events;
        if (first != null) {
            listeners.add(first);
        }
    }

    void add(RoomListener listener) {
        listeners.addIfAbsent(listener);
    }

    void remove(RoomListener listener) {
        listeners.remove(listener);
    }

    /**
     * Hands the event to every listener. When the bounded event queue is full the rest of this event is
     * dropped: an event, unlike a future's completion, is a notification whose state the room's views still
     * show, and running it on the engine thread would let a slow listener stall every call.
     */
    void fire(Consumer<RoomListener> event) {
        for (RoomListener listener : listeners) {
            try {
                events.execute(() -> event.accept(listener));
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }
}
