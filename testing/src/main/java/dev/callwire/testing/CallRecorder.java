package dev.callwire.testing;

import dev.callwire.CallSession;
import dev.callwire.CallwireException;
import dev.callwire.EndReason;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A room listener that records events and, if asked, accepts every incoming call. */
public final class CallRecorder implements RoomListener {

    private final boolean autoAccept;
    public final List<CallSession> incoming = new CopyOnWriteArrayList<>();
    public final List<Peer> joined = new CopyOnWriteArrayList<>();
    public final List<Peer> left = new CopyOnWriteArrayList<>();
    public final List<EndReason> ended = new CopyOnWriteArrayList<>();
    public final List<CallwireException> errors = new CopyOnWriteArrayList<>();
    public final List<String> threads = new CopyOnWriteArrayList<>();

    private CallRecorder(boolean autoAccept) {
        this.autoAccept = autoAccept;
    }

    public static CallRecorder accepting() {
        return new CallRecorder(true);
    }

    public static CallRecorder passive() {
        return new CallRecorder(false);
    }

    @Override
    public void onIncomingCall(Room room, CallSession call) {
        threads.add(Thread.currentThread().getName());
        incoming.add(call);
        if (autoAccept) {
            call.accept();
        }
    }

    @Override
    public void onPeerJoined(Room room, Peer peer) {
        threads.add(Thread.currentThread().getName());
        joined.add(peer);
    }

    @Override
    public void onPeerLeft(Room room, Peer peer) {
        left.add(peer);
    }

    @Override
    public void onCallEnded(Room room, CallSession call, EndReason reason) {
        threads.add(Thread.currentThread().getName());
        ended.add(reason);
    }

    @Override
    public void onError(Room room, CallwireException error) {
        errors.add(error);
    }
}
