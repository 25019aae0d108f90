package dev.callwire.testing;

import dev.callwire.CallSession;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import java.util.function.Consumer;

/** A room listener that hands each incoming call to a function. */
public class CallRecorderAdapter implements RoomListener {

    private final Consumer<CallSession> onIncoming;

    public CallRecorderAdapter(Consumer<CallSession> onIncoming) {
        this.onIncoming = onIncoming;
    }

    @Override
    public void onIncomingCall(Room room, CallSession call) {
        onIncoming.accept(call);
    }
}
