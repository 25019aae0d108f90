package dev.callwire.testing;

import dev.callwire.ConnectionState;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the signaling connection states a room reports, in order. */
public final class ConnectionStateRecorder implements RoomListener {

    /** Every reported state, in order. */
    public final List<ConnectionState> states = new CopyOnWriteArrayList<>();

    @Override
    public void onConnectionStateChanged(Room room, ConnectionState state) {
        states.add(state);
    }
}
