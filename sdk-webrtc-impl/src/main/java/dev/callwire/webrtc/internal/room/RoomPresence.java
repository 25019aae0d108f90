package dev.callwire.webrtc.internal.room;

import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.webrtc.internal.call.PeerCall;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who comes and goes while a room is joined: {@code peer-joined}, {@code peer-left}, and each {@code welcome} after
 * the first (a signaling reconnect's re-join, or the answer to the room's own re-join for fresh TURN credentials),
 * told to the application and to the calls with those peers. Engine thread.
 */
final class RoomPresence {

    private static final Logger LOG = LoggerFactory.getLogger(RoomPresence.class);

    private final Room room;
    private final Membership membership;
    private final CallRegistry<PeerCall> calls;
    private final Consumer<Consumer<RoomListener>> fire;

    RoomPresence(Room room, Membership membership, CallRegistry<PeerCall> calls,
                 Consumer<Consumer<RoomListener>> fire) {
        this.room = room;
        this.membership = membership;
        this.calls = calls;
        this.fire = fire;
    }

    /**
     * A welcome after the first: the difference to what we knew is reported, calls whose media flows go on. Every call
     * gets the fresh ICE servers; after a reconnect (not a credential refresh) calls whose media is down restart and
     * offers lost with the old connection go out again.
     */
    void welcomedAgain(String selfId, Membership.Change change, boolean turnRefresh) {
        LOG.info("Re-joined room {} as {} with {} peer(s) present ({} joined, {} left, {} renamed meanwhile){}",
                room.name(), selfId, membership.view().size(), change.joined().size(), change.left().size(),
                change.renamed().size(), turnRefresh ? " for fresh TURN credentials" : "");
        change.left().forEach(gone -> fire.accept(l -> l.onPeerLeft(room, gone)));
        change.joined().forEach(peer -> fire.accept(l -> l.onPeerJoined(room, peer)));
        calls.all().forEach(turnRefresh ? PeerCall::onIceServersRefreshed : PeerCall::onSignalingRestored);
    }

    void peerJoined(String selfId, PeerInfo info) {
        Peer peer = membership.joined(selfId, info);
        if (peer == null) {
            return;
        }
        PeerCall call = calls.byPeer(peer.id());
        if (call != null) {
            call.onPeerReturned(); // it reconnected to signaling (resumed its id) while the call went on
        }
        LOG.info("Room {}: peer {} ({}) joined", room.name(), peer.id(), peer.label());
        fire.accept(l -> l.onPeerJoined(room, peer));
    }

    void peerLeft(String peerId) {
        Peer peer = membership.left(peerId);
        PeerCall call = calls.byPeer(peerId);
        if (call != null) {
            call.onPeerLeft();
        }
        if (peer != null) {
            LOG.info("Room {}: peer {} left", room.name(), peerId);
            fire.accept(l -> l.onPeerLeft(room, peer));
        }
    }
}
