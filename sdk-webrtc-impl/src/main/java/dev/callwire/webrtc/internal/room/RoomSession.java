package dev.callwire.webrtc.internal.room;

import dev.callwire.CallSession;
import dev.callwire.CallwireException;
import dev.callwire.ConnectionState;
import dev.callwire.EndReason;
import dev.callwire.IceServer;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.MessageType;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.webrtc.internal.EngineContext;
import dev.callwire.webrtc.internal.call.PeerCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A joined room: its signaling transport, the join and leave, and the events of membership and calls. The
 * work is shared with its parts: {@link SignalingLink}, {@link RoomListeners}, {@link Membership},
 * {@link CallRegistry}, {@link SignalRouter} and {@link RoomCallHost}. All state is confined to the client's engine thread; other threads read views.
 * The transport's callbacks reach it through a private listener and calls through {@link RoomCallHost},
 * so neither is part of what the application can call.
 */
public final class RoomSession implements Room {

    private static final Logger LOG = LoggerFactory.getLogger(RoomSession.class);

    private final EngineContext context;
    private final String name;
    private final JoinToken token;
    private final Consumer<RoomSession> onClosed;
    private final RoomListeners listeners;
    private final CompletableFuture<Room> joined;
    private final CompletableFuture<Void> left = new CompletableFuture<>();
    private final Membership membership;
    private final CallRegistry<PeerCall> calls;
    private final RoomCallHost host;
    private final SignalRouter<PeerCall> router;
    private final SignalIntake intake;
    private final TurnRefresh turnRefresh;
    private final RoomPresence presence;

    // Engine-thread state.
    private final SignalingLink link;
    private String selfId;
    private String resumeKey;
    private List<IceServer> serverIceServers = List.of();
    private ScheduledFuture<?> joinTimer;
    private ScheduledFuture<?> statsTicker;
    private boolean welcomed;
    /** A re-join was refused and retried with a fresh token since the last welcome: the next refusal is final. */
    private boolean rejoinRefused;
    private boolean leaving;

    // Views for other threads.
    private volatile String selfIdView;
    private volatile ConnectionState stateView = ConnectionState.CONNECTING;
    private volatile boolean joinedView;

    /** @param onClosed told (engine thread) once the room is left, so the client forgets it */
    public RoomSession(EngineContext context, String name, JoinToken token, RoomListener listener,
                       CompletableFuture<Room> joined, Consumer<RoomSession> onClosed) {
        this.context = context;
        this.name = name;
        this.token = token;
        this.joined = joined;
        this.onClosed = onClosed;
        this.listeners = new RoomListeners(context.events(), listener);
        this.link = new SignalingLink(name);
        var limits = context.config().limits();
        this.membership = new Membership(name, limits.maxPeersPerRoom());
        this.calls = new CallRegistry<>(name, limits);
        this.host = new RoomCallHost(this, context, calls, membership);
        this.router = new SignalRouter<>(name, calls, host, limits);
        this.intake = new SignalIntake(name, limits, context::eventBacklog);
        this.presence = new RoomPresence(this, membership, calls, this::fire);
        this.turnRefresh = new TurnRefresh(name, context.engine(), System::currentTimeMillis, this::rejoin);
    }

    /** Engine thread: opens the transport and sends {@code join}. */
    public void start() {
        var config = context.config();
        joinTimer = context.engine().schedule(this::joinTimedOut, config.timeouts().join().toMillis(),
                TimeUnit.MILLISECONDS);
        link.open(config, new TransportListener());
        send(new Join(name, config.displayName(), token.first()));
    }

    // ---- Room (any thread) ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public String selfId() {
        return selfIdView;
    }

    @Override
    public List<Peer> peers() {
        return membership.view();
    }

    @Override
    public Optional<Peer> peer(String peerId) {
        return Optional.ofNullable(membership.get(peerId));
    }

    @Override
    public ConnectionState connectionState() {
        return stateView;
    }

    @Override
    public CompletionStage<CallSession> call(Peer peer) {
        Objects.requireNonNull(peer, "peer");
        // Whether a call with this peer is live (or an offer from it is queued) is engine state: deciding it
        // here would race with the engine, so the engine decides and the caller gets a stage.
        return context.<CallSession>supplyOnEngine(() -> startCall(peer.id())).minimalCompletionStage();
    }

    @Override
    public CompletionStage<List<CallSession>> callEveryone() {
        return context.<List<CallSession>>supplyOnEngine(() -> {
            requireJoined();
            List<CallSession> started = new ArrayList<>();
            for (Peer peer : membership.view()) {
                started.add(startCall(peer.id()));
            }
            return List.copyOf(started);
        }).minimalCompletionStage();
    }

    @Override
    public List<CallSession> calls() {
        return List.copyOf(calls.view());
    }

    @Override
    public void addListener(RoomListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(RoomListener listener) {
        listeners.remove(listener);
    }

    @Override
    public CompletionStage<Void> leave() {
        context.runOnEngine(() -> shutDown(EndReason.LEFT_ROOM));
        // A dependent stage per caller: no caller can complete or cancel "left" for the room or the others.
        return left.minimalCompletionStage();
    }

    @Override
    public void close() {
        leave();
    }

    /** Any thread: welcomed and not left. */
    public boolean isJoined() {
        return joinedView;
    }

    // ---- engine thread ----

    private void requireJoined() {
        if (leaving || !welcomed) {
            throw new CallwireException(CallwireException.Reason.NOT_JOINED, "room " + name + " is not joined");
        }
    }

    private CallSession startCall(String peerId) {
        requireJoined();
        Peer peer = membership.get(peerId);
        if (peer == null) {
            throw new CallwireException(CallwireException.Reason.UNKNOWN_PEER, "no peer '" + peerId + "' in room "
                    + name + "; present: " + membership.ids());
        }
        PeerCall existing = calls.byPeer(peerId);
        if (existing != null) {
            return existing;
        }
        return host.call(peer);
    }

    /** Engine thread: ends every call, says {@code leave}, closes the transport. Idempotent. */
    public void shutDown(EndReason reason) {
        if (leaving) {
            return;
        }
        leaving = true;
        joinedView = false;
        cancelJoinTimer();
        turnRefresh.close();
        if (statsTicker != null) {
            statsTicker.cancel(false);
        }
        for (PeerCall call : calls.all()) {
            call.endLocally(reason, ByeReason.HANGUP);
        }
        if (welcomed) {
            send(new Leave(name));
        }
        link.close();
        if (!joined.isDone()) {
            CallwireException error = new CallwireException(CallwireException.Reason.CLOSED, "left room " + name
                    + " before the server welcomed this client");
            context.completeOnEvents(() -> joined.completeExceptionally(error));
        }
        setState(ConnectionState.CLOSED);
        onClosed.accept(this);
        context.completeOnEvents(() -> left.complete(null));
        LOG.info("Left room {} as {}", name, selfId);
    }

    /** Engine thread: the client's local tracks were switched; every call points its senders at them. */
    public void refreshLocalTracks() {
        calls.all().forEach(PeerCall::refreshLocalTracks);
    }

    /**
     * Engine thread: the host's network addresses changed, and every call restarts ICE. When an address went away,
     * the signaling connection may have died silently with it, so it reconnects first (the ICE-restart offers then
     * queue for the new connection); a new address alone leaves a working connection alone.
     */
    public void onNetworkChanged(boolean lostAddresses) {
        if (!leaving && link.isOpen()) {
            if (lostAddresses) {
                link.networkChanged();
            }
            calls.all().forEach(PeerCall::onNetworkChanged);
        }
    }

    private void startStatsTicker() {
        long millis = context.config().statsInterval().toMillis();
        if (millis > 0) {
            statsTicker = context.engine().scheduleAtFixedRate(
                    () -> calls.all().forEach(PeerCall::collectPeriodicStats), millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void joinTimedOut() {
        if (welcomed || leaving) {
            return;
        }
        failJoin(new CallwireException(CallwireException.Reason.TIMEOUT, "room " + name + " was not joined within "
                + context.config().timeouts().join().toMillis() + " ms (signaling " + stateView + ")"));
    }

    private void failJoin(CallwireException error) {
        LOG.warn("Joining room {} failed: {}", name, error.getMessage());
        context.completeOnEvents(() -> joined.completeExceptionally(error));
        shutDown(EndReason.LEFT_ROOM);
    }

    private void cancelJoinTimer() {
        if (joinTimer != null) {
            joinTimer.cancel(false);
            joinTimer = null;
        }
    }

    boolean send(Message message) {
        return link.send(message);
    }

    void fire(Consumer<RoomListener> event) {
        listeners.fire(event);
    }

    private void transportStateChanged(ConnectionState state, Throwable cause) {
        if (leaving) {
            return;
        }
        if (state == ConnectionState.CLOSED) {
            CallwireException error = new CallwireException(CallwireException.Reason.SIGNALING_UNAVAILABLE,
                    "signaling connection of room " + name + " closed" + (cause == null ? "" : ": " + cause.getMessage()),
                    cause);
            if (!welcomed) {
                failJoin(error);
                return;
            }
            LOG.warn("Room {}: {}; calls keep their media but can no longer be signaled", name, error.getMessage());
            fire(l -> l.onError(this, error));
        } else if (state == ConnectionState.RECONNECTING) {
            turnRefresh.signalingLost();
            LOG.info("Room {}: signaling connection lost, reconnecting{}", name, cause == null ? "" : " (" + cause + ")");
        }
        if (welcomed || state == ConnectionState.CLOSED) {
            setState(state);
        }
    }

    private void setState(ConnectionState state) {
        if (stateView == state || stateView == ConnectionState.CLOSED) {
            return;
        }
        stateView = state;
        fire(l -> l.onConnectionStateChanged(this, state));
    }

    private void handle(Message message) {
        if (leaving) {
            return;
        }
        if (message.room() != null && !name.equals(message.room())) {
            LOG.warn("Room {}: dropping {} addressed to room {}", name, message.type().wireName(), message.room());
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Room {} as {} <- {}", name, selfId, message);
        }
        if (message instanceof Welcome welcome) {
            onWelcome(welcome);
        } else if (message instanceof PeerJoined joinedPeer) {
            presence.peerJoined(selfId, joinedPeer.peer());
        } else if (message instanceof PeerLeft leftPeer) {
            presence.peerLeft(leftPeer.peerId());
        } else if (message instanceof ErrorMessage error) {
            onError(error);
        } else if (message instanceof DirectedMessage directed) {
            router.route(directed, selfId);
        } else {
            LOG.warn("Room {}: dropping {}, which only servers receive", name, message.type().wireName());
        }
    }

    private void onWelcome(Welcome welcome) {
        boolean turnRefreshed = turnRefresh.takeAnswer();
        rejoinRefused = false;
        selfId = welcome.self();
        selfIdView = selfId;
        resumeKey = welcome.resumeKey();
        serverIceServers = ServerIceServers.admit(name, context.config().ice().serverPolicy(), welcome.iceServers());
        turnRefresh.welcomed(serverIceServers);
        Membership.Change change = membership.welcome(selfId, welcome.peers());
        if (!welcomed) {
            welcomed = true;
            joinedView = true;
            cancelJoinTimer();
            LOG.info("Joined room {} as {} with {} peer(s) present", name, selfId, membership.view().size());
            startStatsTicker();
            setState(ConnectionState.CONNECTED);
            context.completeOnEvents(() -> joined.complete(this));
            return;
        }
        presence.welcomedAgain(selfId, change, turnRefreshed);
    }

    /** Asks the server for a fresh welcome on this connection, keeping the id (TURN credentials or a token expire). */
    private boolean rejoin() {
        if (leaving || !welcomed || resumeKey == null) {
            return false;
        }
        return send(new Join(name, context.config().displayName(), token.fresh(name)).resuming(selfId, resumeKey));
    }

    private void onError(ErrorMessage error) {
        CallwireException exception = error.toException();
        if (!welcomed && (MessageType.JOIN.wireName().equals(error.ref()) || error.code() == ProtocolError.UNAUTHORIZED
                || error.code() == ProtocolError.ROOM_FULL)) {
            failJoin(exception);
            return;
        }
        if (error.code() == ProtocolError.UNAUTHORIZED && MessageType.JOIN.wireName().equals(error.ref())
                && token.renewable() && !rejoinRefused) {
            // The transport's automatic re-join after a reconnect carried the token of the last join, which has
            // expired: once more, keeping the id, with a fresh one.
            rejoinRefused = true;
            LOG.info("Room {}: the server refused a re-join's token ({}); re-joining with a fresh one", name,
                    error.message());
            if (rejoin()) {
                return;
            }
        }
        LOG.warn("Room {}: signaling server refused {}: {} ({})", name, error.ref(), error.code().wireName(),
                error.message());
        fire(l -> l.onError(this, exception));
    }

    /** The transport itself says connected (the state view lags behind by an engine task). */
    boolean isSignalingConnected() {
        return link.isConnected();
    }

    /** ICE servers the signaling server handed out in its latest {@code welcome}. */
    List<IceServer> serverIceServers() {
        return serverIceServers;
    }

    @Override
    public String toString() {
        return "Room[" + name + " as " + selfIdView + "]";
    }

    /** The transport's callbacks: any thread, only hand over to the engine thread. */
    private final class TransportListener implements SignalingTransport.Listener {
        @Override
        public void onMessage(Message message) {
            if (intake.admit(message)) {
                context.runOnEngine(() -> {
                    intake.taken();
                    handle(message);
                });
            }
        }

        @Override
        public void onStateChanged(ConnectionState state, Throwable cause) {
            context.runOnEngine(() -> transportStateChanged(state, cause));
        }
    }
}
