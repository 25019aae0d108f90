package dev.callwire.webrtc.internal.room;

import dev.callwire.CallDirection;
import dev.callwire.CallState;
import dev.callwire.IceServer;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.protocol.Message;
import dev.callwire.webrtc.internal.EngineContext;
import dev.callwire.webrtc.internal.call.CallHost;
import dev.callwire.webrtc.internal.call.PeerCall;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room as its calls see it ({@link CallHost}) and as the signaling router sees it (creating incoming
 * calls): the narrow way between a room and its calls. Engine thread only.
 */
final class RoomCallHost implements CallHost, SignalRouter.Room<PeerCall> {

    private static final Logger LOG = LoggerFactory.getLogger(RoomCallHost.class);

    private final RoomSession room;
    private final EngineContext context;
    private final CallRegistry<PeerCall> calls;
    private final Membership membership;
    private final ActiveSpeaker activeSpeaker = new ActiveSpeaker();

    RoomCallHost(RoomSession room, EngineContext context, CallRegistry<PeerCall> calls, Membership membership) {
        this.room = room;
        this.context = context;
        this.calls = calls;
        this.membership = membership;
    }

    @Override
    public Room room() {
        return room;
    }

    @Override
    public boolean send(Message message) {
        return room.send(message);
    }

    @Override
    public boolean isSignalingConnected() {
        return room.isSignalingConnected();
    }

    @Override
    public void fire(Consumer<RoomListener> event) {
        room.fire(event);
    }

    @Override
    public List<IceServer> serverIceServers() {
        return room.serverIceServers();
    }

    @Override
    public void rekeyed(PeerCall call, String oldId) {
        calls.rekey(call, oldId);
    }

    @Override
    public void ended(PeerCall call) {
        calls.forget(call);
    }

    @Override
    public void audioLevelsChanged() {
        if (activeSpeaker.judge(calls.all(), PeerCall::peer, PeerCall::remoteAudioLevel)) {
            Optional<Peer> speaker = Optional.ofNullable(activeSpeaker.current());
            LOG.debug("Room {}: active speaker {}", room.name(), speaker.map(Peer::id).orElse("none"));
            fire(l -> l.onActiveSpeakerChanged(room, speaker));
        }
    }

    @Override
    public PeerCall ring(String peerId, String callId, String offerSdp) {
        Peer peer = membership.get(peerId);
        PeerCall call = PeerCall.incoming(this, context, peer == null ? new Peer(peerId, null) : peer, callId,
                offerSdp);
        calls.register(call);
        call.ring();
        return call;
    }

    @Override
    public boolean isMember(String peerId) {
        return membership.contains(peerId);
    }

    @Override
    public int ringingCalls() {
        int ringing = 0;
        for (PeerCall call : calls.view()) {
            if (call.direction() == CallDirection.INCOMING && call.state() == CallState.RINGING) {
                ringing++;
            }
        }
        return ringing;
    }

    /** Engine thread: a call we place. */
    PeerCall call(Peer peer) {
        PeerCall call = PeerCall.outgoing(this, context, peer);
        calls.register(call);
        call.startOutgoing();
        return call;
    }
}
