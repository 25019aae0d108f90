package dev.callwire.webrtc.internal;

import dev.callwire.CallSession;
import dev.callwire.CallwireException;
import dev.callwire.ConnectionState;
import dev.callwire.EndReason;
import dev.callwire.IceServer;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.MessageType;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.Redaction;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.spi.SignalingTransports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A joined room: membership, the calls in it, and the routing of signaling messages to them.
 * All state is confined to the client's engine thread; other threads read volatile snapshots.
 */
final class RoomSession implements Room, SignalingTransport.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RoomSession.class);
    private static final int REMEMBERED_ENDED_CALLS = 512;
    private static final int MAX_EARLY_CALLS = 64;
    private static final int MAX_EARLY_CANDIDATES_PER_CALL = 256;
    /** Received audio level (0-1) from which a peer counts as speaking: about -26 dBov, above line noise. */
    private static final double SPEAKING_LEVEL = 0.05;

    private final WebRtcCallClient client;
    private final String name;
    private final String token;
    private final CopyOnWriteArrayList<RoomListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Room> joined;
    private final CompletableFuture<Void> left = new CompletableFuture<>();

    // Engine-thread state.
    private SignalingTransport transport;
    private String selfId;
    private final LinkedHashMap<String, Peer> peers = new LinkedHashMap<>();
    private final Map<String, PeerCall> callsById = new LinkedHashMap<>();
    private final Map<String, PeerCall> callsByPeer = new LinkedHashMap<>();
    private final Map<String, Boolean> endedCallIds = lru(REMEMBERED_ENDED_CALLS);
    private final Map<String, List<Candidate>> earlyCandidates = lru(MAX_EARLY_CALLS);
    private List<IceServer> serverIceServers = List.of();
    private ScheduledFuture<?> joinTimer;
    private ScheduledFuture<?> statsTicker;
    private Peer activeSpeaker;
    private boolean welcomed;
    private boolean leaving;

    // Snapshots for other threads.
    private volatile String selfIdView;
    private volatile List<Peer> peersView = List.of();
    private volatile List<CallSession> callsView = List.of();
    private volatile ConnectionState stateView = ConnectionState.CONNECTING;

    RoomSession(WebRtcCallClient client, String name, String token, RoomListener listener, CompletableFuture<Room> joined) {
        this.client = client;
        this.name = name;
        this.token = token;
        this.joined = joined;
        if (listener != null) {
            listeners.add(listener);
        }
    }

    /** Engine thread: opens the transport and sends {@code join}. */
    void start() {
        var config = client.clientConfig();
        SignalingTransportProvider provider = config.transportProvider() != null ? config.transportProvider()
                : SignalingTransports.forUri(config.signalingUri());
        LOG.info("Joining room {} via {} ({})", name, Redaction.redact(config.signalingUri()), provider.name());
        transport = provider.create(config.signalingUri(), config.transportOptions());
        joinTimer = client.engine().schedule(this::joinTimedOut, config.joinTimeout().toMillis(), TimeUnit.MILLISECONDS);
        transport.start(this);
        send(new Join(name, config.displayName(), token));
    }

    // ---- Room API (any thread) ----

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
        return peersView;
    }

    @Override
    public Optional<Peer> peer(String peerId) {
        return peersView.stream().filter(p -> p.id().equals(peerId)).findFirst();
    }

    @Override
    public ConnectionState connectionState() {
        return stateView;
    }

    @Override
    public CallSession call(String peerId) {
        return client.onEngine(() -> startCall(peerId));
    }

    @Override
    public List<CallSession> callEveryone() {
        return client.onEngine(() -> {
            List<CallSession> calls = new ArrayList<>();
            for (String peerId : new ArrayList<>(peers.keySet())) {
                calls.add(startCall(peerId));
            }
            return calls;
        });
    }

    @Override
    public List<CallSession> calls() {
        return callsView;
    }

    @Override
    public void addListener(RoomListener listener) {
        listeners.addIfAbsent(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(RoomListener listener) {
        listeners.remove(listener);
    }

    @Override
    public CompletableFuture<Void> leave() {
        client.runOnEngine(() -> shutDown(EndReason.LEFT_ROOM));
        return left;
    }

    @Override
    public void close() {
        leave();
    }

    boolean isJoined() {
        return welcomed && !leaving;
    }

    // ---- engine thread ----

    private CallSession startCall(String peerId) {
        if (leaving || !welcomed) {
            throw new CallwireException(CallwireException.Reason.NOT_JOINED, "room " + name + " is not joined");
        }
        Peer peer = peers.get(peerId);
        if (peer == null) {
            throw new CallwireException(CallwireException.Reason.UNKNOWN_PEER, "no peer '" + peerId + "' in room "
                    + name + "; present: " + peers.keySet());
        }
        PeerCall existing = callsByPeer.get(peerId);
        if (existing != null) {
            return existing;
        }
        PeerCall call = PeerCall.outgoing(this, peer);
        register(call);
        call.startOutgoing();
        return call;
    }

    void shutDown(EndReason reason) {
        if (leaving) {
            return;
        }
        leaving = true;
        cancelJoinTimer();
        if (statsTicker != null) {
            statsTicker.cancel(false);
        }
        for (PeerCall call : new ArrayList<>(callsById.values())) {
            call.endLocally(reason, ByeReason.HANGUP);
        }
        if (transport != null) {
            if (welcomed) {
                send(new Leave(name));
            }
            transport.close();
        }
        if (!joined.isDone()) {
            CallwireException error = new CallwireException(CallwireException.Reason.CLOSED, "left room " + name
                    + " before the server welcomed this client");
            client.events().execute(() -> joined.completeExceptionally(error));
        }
        setState(ConnectionState.CLOSED, null);
        client.forget(this);
        client.events().execute(() -> left.complete(null));
        LOG.info("Left room {} as {}", name, selfId);
    }

    private void startStatsTicker() {
        long millis = client.clientConfig().statsInterval().toMillis();
        if (millis > 0) {
            statsTicker = client.engine().scheduleAtFixedRate(() -> {
                for (PeerCall call : new ArrayList<>(callsById.values())) {
                    call.collectPeriodicStats();
                }
            }, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The peer whose received audio is loudest, if anyone is above a speaking level, becomes the active
     * speaker; listeners hear only of changes. Engine thread, after each call's stats round.
     */
    void judgeActiveSpeaker() {
        PeerCall loudest = null;
        for (PeerCall call : callsById.values()) {
            if (call.remoteAudioLevel() >= SPEAKING_LEVEL
                    && (loudest == null || call.remoteAudioLevel() > loudest.remoteAudioLevel())) {
                loudest = call;
            }
        }
        Peer speaker = loudest == null ? null : loudest.peer();
        if (!java.util.Objects.equals(speaker, activeSpeaker)) {
            activeSpeaker = speaker;
            LOG.debug("Room {}: active speaker {}", name, speaker == null ? "none" : speaker.id());
            fire(l -> l.onActiveSpeakerChanged(this, speaker));
        }
    }

    private void joinTimedOut() {
        if (welcomed || leaving) {
            return;
        }
        CallwireException error = new CallwireException(CallwireException.Reason.TIMEOUT, "room " + name
                + " was not joined within " + client.clientConfig().joinTimeout().toMillis() + " ms (signaling "
                + stateView + ")");
        failJoin(error);
    }

    private void failJoin(CallwireException error) {
        LOG.warn("Joining room {} failed: {}", name, error.getMessage());
        client.events().execute(() -> joined.completeExceptionally(error));
        shutDown(EndReason.LEFT_ROOM);
    }

    private void cancelJoinTimer() {
        if (joinTimer != null) {
            joinTimer.cancel(false);
            joinTimer = null;
        }
    }

    /** Engine thread: the client's local tracks were switched; every call points its senders at them. */
    void refreshLocalTracks() {
        callsById.values().forEach(PeerCall::refreshLocalTracks);
    }

    void register(PeerCall call) {
        callsById.put(call.id(), call);
        callsByPeer.put(call.peer().id(), call);
        List<Candidate> early = earlyCandidates.remove(call.id());
        if (early != null) {
            early.forEach(c -> call.onRemoteCandidate(c.candidate()));
        }
        refreshCallsView();
    }

    /** A call changed its id (it adopted the remote side's during glare). */
    void rekey(PeerCall call, String oldId) {
        callsById.remove(oldId);
        endedCallIds.put(oldId, Boolean.TRUE);
        register(call);
    }

    void forget(PeerCall call) {
        callsById.remove(call.id(), call);
        callsByPeer.remove(call.peer().id(), call);
        endedCallIds.put(call.id(), Boolean.TRUE);
        refreshCallsView();
    }

    private void refreshCallsView() {
        callsView = List.copyOf(callsById.values());
    }

    boolean send(Message message) {
        if (transport == null) {
            return false;
        }
        boolean accepted = transport.send(message);
        if (!accepted) {
            LOG.warn("Room {}: signaling transport refused {} (closed or queue full)", name, message);
        } else if (LOG.isTraceEnabled()) {
            LOG.trace("Room {} -> {}", name, message);
        }
        return accepted;
    }

    String selfIdOnEngine() {
        return selfId;
    }

    List<IceServer> serverIceServers() {
        return serverIceServers;
    }

    WebRtcCallClient client() {
        return client;
    }

    void fire(Consumer<RoomListener> event) {
        for (RoomListener listener : listeners) {
            client.events().execute(() -> event.accept(listener));
        }
    }

    // ---- transport callbacks: any thread, only enqueue ----

    @Override
    public void onMessage(Message message) {
        client.runOnEngine(() -> handle(message));
    }

    @Override
    public void onStateChanged(ConnectionState state, Throwable cause) {
        client.runOnEngine(() -> transportStateChanged(state, cause));
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
            LOG.info("Room {}: signaling connection lost, reconnecting{}", name, cause == null ? "" : " (" + cause + ")");
        }
        if (welcomed || state == ConnectionState.CLOSED) {
            setState(state, cause);
        }
    }

    private void setState(ConnectionState state, Throwable cause) {
        if (stateView == state || stateView == ConnectionState.CLOSED) {
            return;
        }
        stateView = state;
        fire(l -> l.onConnectionStateChanged(this, state));
    }

    void handle(Message message) {
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
            onPeerJoined(joinedPeer.peer());
        } else if (message instanceof PeerLeft leftPeer) {
            onPeerLeft(leftPeer.peerId());
        } else if (message instanceof ErrorMessage error) {
            onError(error);
        } else if (message instanceof DirectedMessage directed) {
            onDirected(directed);
        } else {
            LOG.warn("Room {}: dropping {}, which only servers receive", name, message.type().wireName());
        }
    }

    private void onWelcome(Welcome welcome) {
        selfId = welcome.self();
        selfIdView = selfId;
        serverIceServers = welcome.iceServers();
        Map<String, Peer> fresh = new LinkedHashMap<>();
        for (PeerInfo info : welcome.peers()) {
            if (!info.id().equals(selfId)) {
                fresh.put(info.id(), new Peer(info.id(), info.name()));
            }
        }
        if (!welcomed) {
            welcomed = true;
            cancelJoinTimer();
            peers.putAll(fresh);
            refreshPeersView();
            LOG.info("Joined room {} as {} with {} peer(s) present", name, selfId, peers.size());
            startStatsTicker();
            setState(ConnectionState.CONNECTED, null);
            client.events().execute(() -> joined.complete(this));
            return;
        }
        // A re-join after a signaling reconnect: reconcile membership, keep calls whose media still flows.
        LOG.info("Re-joined room {} as {} with {} peer(s) present", name, selfId, fresh.size());
        for (Peer gone : new ArrayList<>(peers.values())) {
            if (!fresh.containsKey(gone.id())) {
                peers.remove(gone.id());
                fire(l -> l.onPeerLeft(this, gone));
            }
        }
        for (Peer peer : fresh.values()) {
            if (peers.putIfAbsent(peer.id(), peer) == null) {
                fire(l -> l.onPeerJoined(this, peer));
            }
        }
        refreshPeersView();
    }

    private void onPeerJoined(PeerInfo info) {
        if (info.id().equals(selfId)) {
            return;
        }
        Peer peer = new Peer(info.id(), info.name());
        peers.put(peer.id(), peer);
        refreshPeersView();
        PeerCall call = callsByPeer.get(peer.id());
        if (call != null) {
            call.onPeerReturned(); // it reconnected to signaling (resumed its id) while the call went on
        }
        LOG.info("Room {}: peer {} ({}) joined", name, peer.id(), peer.label());
        fire(l -> l.onPeerJoined(this, peer));
    }

    private void onPeerLeft(String peerId) {
        Peer peer = peers.remove(peerId);
        refreshPeersView();
        PeerCall call = callsByPeer.get(peerId);
        if (call != null) {
            call.onPeerLeft();
        }
        if (peer != null) {
            LOG.info("Room {}: peer {} left", name, peerId);
            fire(l -> l.onPeerLeft(this, peer));
        }
    }

    private void onError(ErrorMessage error) {
        CallwireException exception = error.toException();
        if (!welcomed && (MessageType.JOIN.wireName().equals(error.ref()) || error.code() == ProtocolError.UNAUTHORIZED
                || error.code() == ProtocolError.ROOM_FULL)) {
            failJoin(exception);
            return;
        }
        LOG.warn("Room {}: signaling server refused {}: {} ({})", name, error.ref(), error.code().wireName(),
                error.message());
        fire(l -> l.onError(this, exception));
    }

    private void onDirected(DirectedMessage message) {
        if (message.from() == null) {
            LOG.warn("Room {}: dropping {} without a sender", name, message.type().wireName());
            return;
        }
        if (selfId != null && !selfId.equals(message.to())) {
            LOG.debug("Room {}: dropping {} for {} (this client is {})", name, message.type().wireName(),
                    message.to(), selfId);
            return;
        }
        PeerCall call = callsById.get(message.callId());
        if (call != null && !call.peer().id().equals(message.from())) {
            LOG.warn("Room {}: dropping {} for call {} from {}, which is not in that call", name,
                    message.type().wireName(), message.callId(), message.from());
            return;
        }
        boolean ended = endedCallIds.containsKey(message.callId());
        if (message instanceof Offer offer) {
            onOffer(offer, call, ended);
        } else if (message instanceof Answer answer) {
            if (call != null) {
                call.onRemoteAnswer(answer.sdp());
            } else {
                LOG.debug("Room {}: dropping answer of {} call {}", name, ended ? "ended" : "unknown", answer.callId());
            }
        } else if (message instanceof Candidate candidate) {
            if (call != null) {
                call.onRemoteCandidate(candidate.candidate());
            } else if (!ended) {
                List<Candidate> early = earlyCandidates.computeIfAbsent(candidate.callId(), id -> new ArrayList<>());
                if (early.size() < MAX_EARLY_CANDIDATES_PER_CALL) {
                    early.add(candidate); // trickled ahead of its offer: kept until the offer arrives
                }
            }
        } else if (message instanceof Bye bye) {
            earlyCandidates.remove(bye.callId());
            if (call != null) {
                call.onRemoteBye(bye.reasonOrHangup());
            } else {
                endedCallIds.put(bye.callId(), Boolean.TRUE);
            }
        }
    }

    private void onOffer(Offer offer, PeerCall known, boolean ended) {
        PeerCall other = known == null ? callsByPeer.get(offer.from()) : null;
        OfferDecision decision = OfferDecision.decide(known != null, ended, other != null,
                other != null && other.isUnansweredOutgoing(),
                known != null && known.isMakingOffer(), known == null || known.isSignalingStable(),
                OfferDecision.isPolite(selfId, offer.from()));
        LOG.debug("Room {}: offer {} from {} -> {}", name, offer.callId(), offer.from(), decision);
        switch (decision) {
            case RING: {
                Peer peer = peers.get(offer.from());
                if (peer == null) {
                    peer = new Peer(offer.from(), null);
                }
                PeerCall call = PeerCall.incoming(this, peer, offer.callId(), offer.sdp());
                register(call);
                call.ring();
                break;
            }
            case ANSWER:
                known.onRemoteOffer(offer.sdp(), false);
                break;
            case ROLLBACK_AND_ANSWER:
                known.onRemoteOffer(offer.sdp(), true);
                break;
            case ADOPT_THEIR_CALL:
                other.adopt(offer.callId(), offer.sdp());
                break;
            case IGNORE:
                if (known == null) {
                    endedCallIds.put(offer.callId(), Boolean.TRUE); // its candidates are dropped too
                }
                break;
            case BUSY:
                endedCallIds.put(offer.callId(), Boolean.TRUE);
                send(new Bye(name, null, offer.from(), offer.callId(), ByeReason.BUSY));
                break;
            case STALE:
            default:
                break;
        }
    }

    private void refreshPeersView() {
        peersView = List.copyOf(peers.values());
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public String toString() {
        return "Room[" + name + " as " + selfIdView + "]";
    }
}
