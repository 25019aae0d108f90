package dev.callwire.webrtc.internal.call;

import dev.callwire.CallDirection;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallStateCause;
import dev.callwire.CallStats;
import dev.callwire.EndReason;
import dev.callwire.Peer;
import dev.callwire.media.VideoLimits;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.webrtc.internal.data.DataLink;
import dev.callwire.webrtc.internal.EngineContext;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call with one remote peer: the {@link CallSession} the application holds, the call's state and its
 * end. The work is done by its parts — {@link Negotiator} (offer/answer), {@link LocalSenders},
 * {@link RemoteMedia}, {@link CallStatsSource}, the data channels, the timers and the peer connection with
 * its observer ({@link CallConnection}) — all confined to the engine thread.
 */
public final class PeerCall extends CallSurface implements RoutedCall {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCall.class);

    private final CallHost host;
    private final EngineContext context;
    private final Peer peer;
    private final CallDirection direction;
    private final CallStateMachine machine;
    private final CallOutcome outcome;
    private final Negotiator negotiator;
    private final CallNegotiationEvents negotiationEvents;
    private final LocalSenders senders;
    private final RemoteMedia remote;
    private final DataLink dataLink;
    private final CallStatsSource stats;
    private final CallTimers timers;
    private final CallConnection connection;
    private final CallSetup setup;
    private final CallRestarts restarts;
    private final IceRecovery recovery;

    private volatile String callId;
    private volatile CallState stateView = CallState.RINGING;
    private volatile EndReason endReasonView;
    private String failureDetail;
    private CallStateCause cause = CallStateCause.ANSWERED;

    private PeerCall(CallHost host, EngineContext context, Peer peer, CallDirection direction, String callId) {
        this.host = host;
        this.context = context;
        this.peer = peer;
        this.direction = direction;
        this.callId = callId;
        this.timers = new CallTimers(context.engine(), context.config());
        this.setup = new CallSetup(this, context, timers, direction == CallDirection.OUTGOING);
        SetupTimeline timeline = setup.timeline();
        Executor engine = context::runOnEngine;
        this.machine = new CallStateMachine(this::onTransition);
        this.outcome = new CallOutcome(this, host, context.events());
        this.senders = new LocalSenders(this, context.media());
        this.remote = new RemoteMedia(this, context.renderThreads(), timeline::firstFrame,
                () -> host.fire(l -> l.onScreenShareStarted(host.room(), this)),
                () -> host.fire(l -> l.onScreenShareStopped(host.room(), this)));
        this.negotiationEvents = new CallNegotiationEvents(this, host, remote);
        this.negotiator = new Negotiator(this, engine, negotiationEvents);
        this.stats = new CallStatsSource(this, context, host);
        this.dataLink = new DataLink(new CallDataContext(this, host, context));
        this.connection = new CallConnection(this, context, host, negotiator, senders, remote, dataLink);
        this.restarts = new CallRestarts(this, host, negotiator, negotiationEvents, connection);
        this.recovery = restarts.recovery();
        setup.attach(connection, negotiator);
    }

    /** Engine thread: a call we place; {@link #startOutgoing()} sends the offer. */
    public static PeerCall outgoing(CallHost host, EngineContext context, Peer peer) {
        return new PeerCall(host, context, peer, CallDirection.OUTGOING, UUID.randomUUID().toString());
    }

    /** Engine thread: a call offered to us; {@link #ring()} tells the application. */
    public static PeerCall incoming(CallHost host, EngineContext context, Peer peer, String callId, String offerSdp) {
        PeerCall call = new PeerCall(host, context, peer, CallDirection.INCOMING, callId);
        call.negotiator.onRemoteOffer(offerSdp, false); // held until accepted: no peer connection yet
        return call;
    }

    // ---- CallSession (any thread) ----

    @Override
    public String id() {
        return callId;
    }

    @Override
    public Peer peer() {
        return peer;
    }

    @Override
    public String peerId() {
        return peer.id();
    }

    @Override
    public CallDirection direction() {
        return direction;
    }

    @Override
    public CallState state() {
        return stateView;
    }

    @Override
    public Optional<EndReason> endReason() {
        return Optional.ofNullable(endReasonView);
    }

    @Override
    public CompletionStage<CallSession> connected() {
        return outcome.connected();
    }

    @Override
    public CompletionStage<EndReason> ended() {
        return outcome.ended();
    }

    @Override
    public void accept() {
        requireRingingIncoming("accept");
        context.runOnEngine(setup::accept);
    }

    @Override
    public void decline() {
        requireRingingIncoming("decline");
        context.runOnEngine(() -> endLocally(EndReason.DECLINED, ByeReason.DECLINED));
    }

    @Override
    public void hangUp() {
        context.runOnEngine(() -> endLocally(EndReason.HANGUP, ByeReason.HANGUP));
    }

    @Override
    public void close() {
        hangUp();
    }

    @Override
    public CompletionStage<CallStats> stats() {
        CompletableFuture<CallStats> result = new CompletableFuture<>();
        context.runOnEngine(() -> stats.readOnDemand(connection.peerConnection(), result));
        return Stages.copyOf(result); // the engine completes its own future whatever the caller does to theirs
    }

    @Override
    EngineContext context() {
        return context;
    }

    @Override
    LocalSenders senders() {
        return senders;
    }

    @Override
    RemoteMedia remote() {
        return remote;
    }

    @Override
    DataLink dataLink() {
        return dataLink;
    }

    // ---- the room's side (engine thread) ----

    /** One periodic stats round for a call with media flowing; the room re-judges the active speaker. */
    public void collectPeriodicStats() {
        CallState state = machine.state();
        if (state == CallState.CONNECTED || state == CallState.RECONNECTING) {
            stats.readPeriodic(connection.peerConnection());
        }
    }

    /** Level (0-1) of the audio received in the last stats round. */
    public double remoteAudioLevel() {
        return machine.isEnded() ? 0 : stats.remoteAudioLevel();
    }

    /** Restarts ICE inside the call; the renegotiation reuses the call id. */
    public void restartIce() {
        context.runOnEngine(restarts::restartOnRequest);
    }

    /** The host's network interfaces or addresses changed: a call with a media path restarts ICE at once. */
    public void onNetworkChanged() {
        restarts.onNetworkChanged(hasMediaPath());
    }

    /** The room re-joined after a signaling reconnect, with the server's current ICE servers. */
    public void onSignalingRestored() {
        if (!machine.isEnded()) {
            restarts.onSignalingRestored(hasMediaPath());
        }
    }

    /** The room got fresh ICE servers (TURN credentials about to expire) on its working signaling connection. */
    public void onIceServersRefreshed() {
        if (!machine.isEnded()) {
            restarts.onIceServersRefreshed();
        }
    }

    /** ICE restarts made so far, and the latest recovery's duration (-1 if none), for {@link CallStats}. */
    int iceRestarts() {
        return recovery.restarts();
    }

    long lastRecoveredMillis() {
        return recovery.lastRecoveredMillis();
    }

    /** The client switched its inputs: senders follow (renegotiating under the same call id if needed). */
    public void refreshLocalTracks() {
        if (!machine.isEnded()) {
            senders.refresh();
        }
    }

    @Override
    public boolean isUnansweredOutgoing() {
        return direction == CallDirection.OUTGOING && machine.state() == CallState.RINGING
                && !negotiator.hasRemoteDescription();
    }

    @Override
    public boolean isMakingOffer() {
        return negotiator.isMakingOffer();
    }

    @Override
    public boolean isSignalingStable() {
        return negotiator.isStable();
    }

    public void startOutgoing() {
        setup.startOutgoing();
    }

    public void ring() {
        setup.ring(host);
    }

    @Override
    public void adopt(String theirCallId, String offerSdp) {
        String ourId = callId;
        LOG.info("{}: both sides called at once; giving way to their call {}", this, theirCallId);
        dataLink.dropLocalChannels(); // theirs win, like their call id
        callId = theirCallId;
        host.rekeyed(this, ourId);
        negotiator.adopt(offerSdp);
    }

    @Override
    public void onRemoteOffer(String sdp, boolean rollbackFirst) {
        negotiator.onRemoteOffer(sdp, rollbackFirst);
    }

    @Override
    public void onRemoteAnswer(String sdp) {
        if (!machine.isEnded()) {
            negotiator.onRemoteAnswer(sdp);
        }
    }

    @Override
    public void onRemoteCandidate(IceCandidate candidate) {
        negotiator.onRemoteCandidate(candidate);
    }

    @Override
    public void onPeerLeft() {
        CallState state = machine.state();
        // A peer whose signaling connection blipped comes back (resuming its id) within the grace; one that
        // crashed is caught earlier by ICE consent checks failing, or by the timer.
        if ((state == CallState.CONNECTED || state == CallState.RECONNECTING) && timers.hasPeerLeftGrace()) {
            LOG.info("{}: peer left signaling; keeping the media up for {} in case it returns", this,
                    context.config().timeouts().peerLeftGrace());
            timers.startPeerLeftGrace(() -> endLocally(EndReason.PEER_LEFT, null));
        } else {
            endLocally(EndReason.PEER_LEFT, null);
        }
    }

    @Override
    public void onPeerReturned() {
        if (timers.cancelPeerLeftGrace()) {
            LOG.info("{}: peer is back on signaling", this);
        }
        if (negotiator.resendUnansweredOffer()) {
            LOG.info("{}: re-sent our unanswered offer, which the peer may have missed while away", this);
        }
    }

    @Override
    public void onRemoteBye(ByeReason reason) {
        LOG.info("{}: remote ended the call ({})", this, reason.wireName());
        end(EndReasons.fromBye(reason), null);
    }

    /** Ends the call from this side; {@code bye} is sent with {@code byeReason} unless it is {@code null}. */
    public void endLocally(EndReason reason, ByeReason byeReason) {
        if (machine.isEnded()) {
            return;
        }
        LOG.info("{}: ending ({})", this, reason);
        end(reason, byeReason);
    }

    // ---- internals (engine thread) ----

    @Override
    boolean isEnded() {
        return machine.isEnded();
    }

    /** The first offer/answer exchange completed: media starts connecting, against a deadline. */
    void negotiated() {
        setup.negotiated();
    }

    SetupTimeline timeline() {
        return setup.timeline();
    }

    CallRestarts restarts() {
        return restarts;
    }

    /** The state as the engine thread knows it (the view other threads read may lag by a transition). */
    CallState engineState() {
        return machine.state();
    }

    /** The peer connection reached its media path (losing it is {@link CallRestarts}' to handle). */
    void onMediaConnected() {
        setup.mediaConnected();
        boolean restarted = recovery.onConnected();
        move(CallState.CONNECTED, restarted ? CallStateCause.ICE_RESTARTED : CallStateCause.MEDIA_CONNECTED);
    }

    /** Connected once and not ended: the media path exists or is being restored. */
    boolean hasMediaPath() {
        CallState state = machine.state();
        return state == CallState.CONNECTED || state == CallState.RECONNECTING;
    }

    void move(CallState to, CallStateCause why) {
        cause = why;
        machine.moveTo(to);
    }

    /** The call cannot go on; {@code detail} says why in the error the application sees. */
    void fail(String detail) {
        failureDetail = detail;
        end(EndReason.FAILED, ByeReason.FAILED);
    }

    void sendCandidate(IceCandidate candidate) {
        host.send(new Candidate(host.room().name(), null, peer.id(), callId, candidate));
    }

    private void requireRingingIncoming(String action) {
        if (direction != CallDirection.INCOMING || stateView != CallState.RINGING) {
            throw new IllegalStateException("can only " + action + " an incoming call that is ringing; call " + callId
                    + " is " + direction + " and " + stateView);
        }
    }

    private void end(EndReason reason, ByeReason byeReason) {
        if (machine.isEnded()) {
            return;
        }
        negotiator.close();
        timers.cancelAll();
        recovery.close();
        if (byeReason != null) {
            host.send(new Bye(host.room().name(), null, peer.id(), callId, byeReason));
        }
        host.ended(this); // before the end is announced, so listeners already see the room without it
        machine.end(reason);
        dataLink.close();
        remote.release();
        connection.close(senders::release);
    }

    private void onTransition(CallState from, CallState to, EndReason reason) {
        stateView = to;
        if (to == CallState.ENDED) {
            endReasonView = reason;
            outcome.ended(reason, failureDetail);
            return;
        }
        LOG.info("{}: {} -> {}", this, from, to);
        if (to == CallState.CONNECTING && senders.videoLimits() != VideoLimits.NONE) {
            senders.applyVideoLimits(); // set before negotiation finished: the encodings exist now
        }
        outcome.moved(to, cause);
    }

    @Override
    public String toString() {
        return "Call[room=" + host.room().name() + ", peer=" + peer.id() + ", call=" + callId + ", " + direction + "]";
    }
}
