package dev.callwire.webrtc.internal.call;

import dev.callwire.IceServer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.protocol.Message;
import java.util.List;
import java.util.function.Consumer;

/**
 * All a call may ask of the room it belongs to. Calls never see the room's internals, and the room reaches
 * a call only through {@link RoutedCall} and the public {@code CallSession}. Engine thread only.
 */
public interface CallHost {

    /** The room as the application sees it: what listener events carry. */
    Room room();

    /** Sends a signaling message; {@code false} if the transport refused it (closed, or its queue full). */
    boolean send(Message message);

    /** The signaling transport is connected now: what is sent goes out at once (else it is queued). */
    boolean isSignalingConnected();

    /** Hands an event to every room listener, on the event thread. */
    void fire(Consumer<RoomListener> event);

    /** ICE servers the signaling server handed out in {@code welcome}, on top of the configured ones. */
    List<IceServer> serverIceServers();

    /** The call took another id (it adopted the remote side's in glare); {@code oldId} is now ended. */
    void rekeyed(PeerCall call, String oldId);

    /** The call ended; called before listeners hear of it, so they already see the room without it. */
    void ended(PeerCall call);

    /** The call measured a new received audio level: the room may have another active speaker. */
    void audioLevelsChanged();
}
