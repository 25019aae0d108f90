package dev.callwire.webrtc.internal;

import dev.callwire.CallDirection;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallStats;
import dev.callwire.CallwireException;
import dev.callwire.ClientConfig;
import dev.callwire.EndReason;
import dev.callwire.IceServer;
import dev.callwire.IceTransportPolicy;
import dev.callwire.Peer;
import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoLimits;
import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Offer;
import dev.callwire.webrtc.internal.data.DataLink;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionIceErrorEvent;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call: one {@link RTCPeerConnection} with one remote peer, its negotiation, and its media sinks.
 *
 * <p>Every field without {@code volatile} is confined to the engine thread. libwebrtc's observer
 * callbacks arrive on its signaling thread and only enqueue work on the engine thread; SDP operations
 * continue there too, and each continuation first checks that the call is still on the same
 * negotiation ({@link #negotiation}), so a late callback can neither touch a closed peer connection nor
 * undo a newer negotiation.
 */
final class PeerCall implements CallSession, PeerConnectionObserver {

    private static final Logger LOG = LoggerFactory.getLogger(PeerCall.class);
    private static final List<String> STREAM_IDS = List.of("callwire");
    /** The stream id that marks a screen share for the receiving side (ours and any PROTOCOL.md peer). */
    static final String SCREEN_STREAM = "callwire-screen";
    private static final List<String> SCREEN_STREAM_IDS = List.of(SCREEN_STREAM);
    private static final int MAX_PENDING_CANDIDATES = 256;

    private final RoomSession room;
    private final WebRtcCallClient client;
    private final Peer peer;
    private final CallDirection direction;
    private final CallStateMachine machine;
    private final CompletableFuture<CallSession> connected = new CompletableFuture<>();
    private final CompletableFuture<EndReason> ended = new CompletableFuture<>();
    private final VideoFanout remoteVideo;
    private final VideoFanout remoteScreen;
    private final CopyOnWriteArrayList<MediaRenderer> localRenderers = new CopyOnWriteArrayList<>();
    // Separate readers: rates are measured between two snapshots of the same reader, so the application's own
    // polling and the periodic rounds must not shorten each other's windows.
    private final StatsReader statsReader = new StatsReader();
    private final StatsReader periodicStatsReader = new StatsReader();
    private final DataLink dataLink;

    private volatile String callId;
    private volatile CallState stateView = CallState.RINGING;
    private volatile EndReason endReasonView;
    private volatile boolean audioMuted;
    private volatile boolean videoMuted;
    private volatile VideoLimits videoLimits = VideoLimits.NONE;
    private double remoteAudioLevel;

    private RTCPeerConnection pc;
    private RTCRtpSender audioSender;
    private RTCRtpSender videoSender;
    private RTCRtpSender screenSender;
    private VideoTrack remoteScreenTrack;
    private volatile boolean remoteScreenSharing;
    /** Media section ids the remote side marked as screen share (its a=msid names the screen stream). */
    private java.util.Set<String> screenMids = java.util.Set.of();
    private VideoTrack remoteVideoTrack;
    /** Wrappers whose native reference webrtc-java handed over to us (addTrack results); dropped on close. */
    private final List<dev.onvoid.webrtc.internal.NativeObject> nativeWrappers = new ArrayList<>();
    private String pendingRemoteOffer;
    private final List<IceCandidate> pendingCandidates = new ArrayList<>();
    private boolean remoteDescriptionSet;
    private boolean makingOffer;
    private boolean negotiatedOnce;
    private int negotiation;
    private ScheduledFuture<?> ringTimer;
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> peerLeftTimer;
    private int localCandidates;
    private final List<String> iceServerErrors = new ArrayList<>();
    private String failureDetail;

    private PeerCall(RoomSession room, Peer peer, CallDirection direction, String callId) {
        this.room = room;
        this.client = room.client();
        this.peer = peer;
        this.direction = direction;
        this.callId = callId;
        this.remoteVideo = new VideoFanout(client.renderThreads());
        this.remoteScreen = new VideoFanout(client.renderThreads());
        this.machine = new CallStateMachine(this::onTransition);
        this.dataLink = new DataLink(new CallDataContext(this, room, client));
    }

    static PeerCall outgoing(RoomSession room, Peer peer) {
        return new PeerCall(room, peer, CallDirection.OUTGOING, UUID.randomUUID().toString());
    }

    static PeerCall incoming(RoomSession room, Peer peer, String callId, String offerSdp) {
        PeerCall call = new PeerCall(room, peer, CallDirection.INCOMING, callId);
        call.pendingRemoteOffer = offerSdp;
        return call;
    }

    // ---- CallSession API (any thread) ----

    @Override
    public String id() {
        return callId;
    }

    @Override
    public Peer peer() {
        return peer;
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
    public CompletableFuture<CallSession> connected() {
        return connected;
    }

    @Override
    public CompletableFuture<EndReason> ended() {
        return ended;
    }

    @Override
    public void accept() {
        requireRingingIncoming("accept");
        client.runOnEngine(this::acceptOnEngine);
    }

    @Override
    public void decline() {
        requireRingingIncoming("decline");
        client.runOnEngine(() -> endLocally(EndReason.DECLINED, ByeReason.DECLINED));
    }

    @Override
    public void hangUp() {
        client.runOnEngine(() -> endLocally(EndReason.HANGUP, ByeReason.HANGUP));
    }

    @Override
    public void close() {
        hangUp();
    }

    @Override
    public void setAudioMuted(boolean muted) {
        audioMuted = muted;
        client.runOnEngine(this::applyMutes);
    }

    @Override
    public boolean isAudioMuted() {
        return audioMuted;
    }

    @Override
    public void setVideoMuted(boolean muted) {
        videoMuted = muted;
        client.runOnEngine(this::applyMutes);
    }

    @Override
    public boolean isVideoMuted() {
        return videoMuted;
    }

    @Override
    public void setVideoLimits(VideoLimits limits) {
        videoLimits = java.util.Objects.requireNonNull(limits, "limits");
        client.runOnEngine(this::applyVideoLimits);
    }

    @Override
    public VideoLimits videoLimits() {
        return videoLimits;
    }

    @Override
    public boolean sendData(String text) {
        return dataLink.send(java.util.Objects.requireNonNull(text, "text"));
    }

    @Override
    public boolean sendData(byte[] bytes) {
        return dataLink.send(java.util.Objects.requireNonNull(bytes, "bytes"));
    }

    @Override
    public long dataBufferedAmount() {
        return dataLink.bufferedAmount();
    }

    @Override
    public CompletableFuture<Void> dataWritable() {
        return dataLink.whenWritable();
    }

    @Override
    public CompletableFuture<String> sendFile(java.nio.file.Path file) {
        return dataLink.sendFile(java.util.Objects.requireNonNull(file, "file"));
    }

    /** Engine thread: a message from the data channel, delivered in order. */
    void fireDataMessage(dev.callwire.DataMessage message) {
        if (!machine.isEnded()) {
            room.fire(l -> l.onDataMessage(room, this, message));
        }
    }

    /** File thread: a verified file arrived. */
    void fireFileReceived(dev.callwire.ReceivedFile file) {
        room.fire(l -> l.onFileReceived(room, this, file));
    }

    @Override
    public void addRemoteVideoRenderer(MediaRenderer renderer) {
        remoteVideo.add(java.util.Objects.requireNonNull(renderer, "renderer"));
    }

    @Override
    public void removeRemoteVideoRenderer(MediaRenderer renderer) {
        remoteVideo.remove(renderer);
    }

    @Override
    public void addRemoteScreenRenderer(MediaRenderer renderer) {
        remoteScreen.add(java.util.Objects.requireNonNull(renderer, "renderer"));
    }

    @Override
    public void removeRemoteScreenRenderer(MediaRenderer renderer) {
        remoteScreen.remove(renderer);
    }

    @Override
    public boolean isRemoteScreenSharing() {
        return remoteScreenSharing;
    }

    @Override
    public void addLocalVideoRenderer(MediaRenderer renderer) {
        java.util.Objects.requireNonNull(renderer, "renderer");
        if (stateView != CallState.ENDED && localRenderers.addIfAbsent(renderer)) {
            client.media().addPreviewRenderer(renderer);
        }
    }

    @Override
    public void removeLocalVideoRenderer(MediaRenderer renderer) {
        if (localRenderers.remove(renderer)) {
            client.media().removePreviewRenderer(renderer);
        }
    }

    @Override
    public CompletableFuture<CallStats> stats() {
        CompletableFuture<CallStats> result = new CompletableFuture<>();
        client.runOnEngine(() -> {
            if (pc == null && !machine.isEnded()) { // ringing, not answered yet: nothing flows
                CallStats none = new CallStats(System.currentTimeMillis(), CallStats.Inbound.NONE,
                        CallStats.Outbound.NONE, CallStats.Inbound.NONE, CallStats.Outbound.NONE, Double.NaN,
                        CallStats.CandidateType.UNKNOWN);
                client.events().execute(() -> result.complete(none));
                return;
            }
            readStats(statsReader, stats -> client.events().execute(() -> result.complete(stats)),
                    () -> fail(result, new CallwireException(CallwireException.Reason.CALL_ENDED,
                            "call " + callId + " has ended")));
        });
        return result;
    }

    /** Engine thread: one periodic round; reports the snapshot and this call's received audio level. */
    void collectPeriodicStats() {
        CallState state = machine.state();
        if (state != CallState.CONNECTED && state != CallState.RECONNECTING) {
            return;
        }
        readStats(periodicStatsReader, stats -> {
            remoteAudioLevel = stats.audioIn().audioLevel();
            room.fire(l -> l.onCallStats(room, this, stats));
            room.judgeActiveSpeaker();
        }, () -> { });
    }

    /** Engine thread: asks libwebrtc for a report and continues on the engine thread with the parsed snapshot. */
    private void readStats(StatsReader reader, java.util.function.Consumer<CallStats> onStats, Runnable onEnded) {
        if (machine.isEnded() || pc == null) {
            onEnded.run();
            return;
        }
        pc.getStats(report -> client.runOnEngine(() -> {
            if (machine.isEnded()) {
                onEnded.run();
                return;
            }
            onStats.accept(reader.read(report));
        }));
    }

    /** Level (0-1) of the audio received in the last stats round; engine thread. */
    double remoteAudioLevel() {
        return machine.isEnded() ? 0 : remoteAudioLevel;
    }

    /** Restarts ICE inside the call; the renegotiation reuses the call id. */
    void restartIce() {
        client.runOnEngine(() -> {
            if (pc != null && !machine.isEnded()) {
                LOG.info("{}: restarting ICE", this);
                pc.restartIce();
            }
        });
    }

    private void requireRingingIncoming(String action) {
        if (direction != CallDirection.INCOMING || stateView != CallState.RINGING) {
            throw new IllegalStateException("can only " + action + " an incoming call that is ringing; call " + callId
                    + " is " + direction + " and " + stateView);
        }
    }

    // ---- engine thread: call flow ----

    boolean isUnansweredOutgoing() {
        return direction == CallDirection.OUTGOING && machine.state() == CallState.RINGING && !remoteDescriptionSet;
    }

    boolean isMakingOffer() {
        return makingOffer;
    }

    boolean isSignalingStable() {
        return pc == null || pc.getSignalingState() == RTCSignalingState.STABLE;
    }

    void startOutgoing() {
        LOG.info("{}: calling", this);
        createPeerConnection();
        makingOffer = true;
        int current = negotiation;
        Sdp.createOffer(pc)
                .thenComposeAsync(offer -> {
                    requireCurrent(current);
                    return Sdp.setLocal(pc, offer).thenApply(ignored -> offer);
                }, client.engine())
                .whenCompleteAsync((offer, error) -> {
                    if (!isCurrent(current)) {
                        return;
                    }
                    makingOffer = false;
                    if (error != null) {
                        failCall("creating the offer", error);
                        return;
                    }
                    room.send(new Offer(room.name(), null, peer.id(), callId, offer.sdp));
                }, client.engine());
        startRingTimer();
    }

    void ring() {
        LOG.info("{}: incoming call", this);
        startRingTimer();
        room.fire(l -> l.onIncomingCall(room, this));
    }

    private void acceptOnEngine() {
        if (machine.state() != CallState.RINGING || pc != null) {
            return;
        }
        LOG.info("{}: accepting", this);
        cancel(ringTimer);
        createPeerConnection();
        String offer = pendingRemoteOffer;
        pendingRemoteOffer = null;
        answerOffer(offer, false, () -> {
            negotiatedOnce = true;
            machine.moveTo(CallState.CONNECTING);
            startConnectTimer();
        });
    }

    /** Both sides called at once and we are polite: our call takes their id and answers their offer. */
    void adopt(String theirCallId, String offerSdp) {
        String ourId = callId;
        LOG.info("{}: both sides called at once; giving way to their call {}", this, theirCallId);
        negotiation++; // abandons our own offer's continuations
        makingOffer = false;
        dataLink.dropLocalChannels(); // theirs win, like their call id
        pendingCandidates.clear(); // trickled for our abandoned offer: no longer of use
        callId = theirCallId;
        room.rekey(this, ourId);
        boolean haveLocalOffer = pc != null && pc.getSignalingState() == RTCSignalingState.HAVE_LOCAL_OFFER;
        answerOffer(offerSdp, haveLocalOffer, () -> {
            negotiatedOnce = true;
            cancel(ringTimer);
            machine.moveTo(CallState.CONNECTING);
            startConnectTimer();
        });
    }

    /** An offer inside this call (renegotiation), answered automatically. */
    void onRemoteOffer(String sdp, boolean rollbackFirst) {
        if (pc == null) {
            // Still ringing: the caller re-offered before we answered; keep the newest offer.
            pendingRemoteOffer = sdp;
            return;
        }
        if (rollbackFirst) {
            LOG.debug("{}: offers collided; rolling back ours (we are polite)", this);
            negotiation++;
            makingOffer = false;
        }
        answerOffer(sdp, rollbackFirst, () -> { });
    }

    private void answerOffer(String sdp, boolean rollbackFirst, Runnable whenAnswered) {
        int current = negotiation;
        screenMids = screenMids(sdp); // before libwebrtc applies it: onTrack for these sections follows
        CompletableFuture<Void> start = rollbackFirst ? Sdp.setLocal(pc, Sdp.rollback())
                : CompletableFuture.completedFuture(null);
        start.thenComposeAsync(ignored -> {
                    requireCurrent(current);
                    return Sdp.setRemote(pc, new RTCSessionDescription(RTCSdpType.OFFER, sdp));
                }, client.engine())
                .thenComposeAsync(ignored -> {
                    requireCurrent(current);
                    remoteDescriptionSet = true;
                    flushPendingCandidates();
                    return Sdp.createAnswer(pc);
                }, client.engine())
                .thenComposeAsync(answer -> {
                    requireCurrent(current);
                    return Sdp.setLocal(pc, answer).thenApply(ignored -> answer);
                }, client.engine())
                .whenCompleteAsync((answer, error) -> {
                    if (!isCurrent(current)) {
                        return;
                    }
                    if (error != null) {
                        failCall("answering the offer", error);
                        return;
                    }
                    room.send(new Answer(room.name(), null, peer.id(), callId, answer.sdp));
                    whenAnswered.run();
                }, client.engine());
    }

    void onRemoteAnswer(String sdp) {
        if (pc == null || machine.isEnded() || pc.getSignalingState() != RTCSignalingState.HAVE_LOCAL_OFFER) {
            LOG.debug("{}: dropping an answer that matches no offer of ours", this);
            return;
        }
        int current = negotiation;
        screenMids = screenMids(sdp);
        Sdp.setRemote(pc, new RTCSessionDescription(RTCSdpType.ANSWER, sdp))
                .whenCompleteAsync((ignored, error) -> {
                    if (!isCurrent(current)) {
                        return;
                    }
                    if (error != null) {
                        failCall("applying the answer", error);
                        return;
                    }
                    remoteDescriptionSet = true;
                    flushPendingCandidates();
                    if (!negotiatedOnce) {
                        negotiatedOnce = true;
                        cancel(ringTimer);
                        machine.moveTo(CallState.CONNECTING);
                        startConnectTimer();
                    }
                }, client.engine());
    }

    void onRemoteCandidate(IceCandidate candidate) {
        if (candidate == null || machine.isEnded()) {
            return; // end-of-candidates needs no action from libwebrtc
        }
        if (pc == null || !remoteDescriptionSet) {
            if (pendingCandidates.size() < MAX_PENDING_CANDIDATES) {
                pendingCandidates.add(candidate);
            }
            return;
        }
        addCandidate(candidate);
    }

    private void flushPendingCandidates() {
        List<IceCandidate> pending = new ArrayList<>(pendingCandidates);
        pendingCandidates.clear();
        pending.forEach(this::addCandidate);
    }

    private void addCandidate(IceCandidate candidate) {
        try {
            pc.addIceCandidate(new RTCIceCandidate(candidate.sdpMid(),
                    candidate.sdpMLineIndex() == null ? 0 : candidate.sdpMLineIndex(), candidate.candidate()));
        } catch (RuntimeException e) {
            LOG.debug("{}: remote candidate rejected: {}", this, e.getMessage());
        }
    }

    /** The peer left the room: a call still setting up ends now, one with media flowing gets a grace period. */
    void onPeerLeft() {
        CallState state = machine.state();
        // A peer whose signaling connection blipped comes back (resuming its id) within the grace; one that
        // crashed is caught earlier by ICE consent checks failing, or by the timer.
        long grace = client.clientConfig().peerLeftGrace().toMillis();
        if ((state == CallState.CONNECTED || state == CallState.RECONNECTING) && grace > 0) {
            LOG.info("{}: peer left signaling; keeping the media up for {} ms in case it returns", this, grace);
            cancel(peerLeftTimer);
            peerLeftTimer = client.engine().schedule(() -> endLocally(EndReason.PEER_LEFT, null),
                    grace, TimeUnit.MILLISECONDS);
        } else {
            endLocally(EndReason.PEER_LEFT, null);
        }
    }

    void onPeerReturned() {
        if (peerLeftTimer != null) {
            LOG.info("{}: peer is back on signaling", this);
            cancel(peerLeftTimer);
            peerLeftTimer = null;
        }
    }

    void onRemoteBye(ByeReason reason) {
        LOG.info("{}: remote ended the call ({})", this, reason.wireName());
        end(toEndReason(reason), null);
    }

    /** Ends the call from this side; {@code bye} is sent with {@code byeReason} unless it is {@code null}. */
    void endLocally(EndReason reason, ByeReason byeReason) {
        if (machine.isEnded()) {
            return;
        }
        LOG.info("{}: ending ({})", this, reason);
        end(reason, byeReason);
    }

    private void failCall(String what, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("{}: failed while {}: {}", this, what, cause.getMessage());
        failureDetail = what + ": " + cause.getMessage();
        end(EndReason.FAILED, ByeReason.FAILED);
    }

    private void end(EndReason reason, ByeReason byeReason) {
        if (machine.isEnded()) {
            return;
        }
        negotiation++;
        cancel(ringTimer);
        cancel(connectTimer);
        cancel(peerLeftTimer);
        if (byeReason != null) {
            room.send(new Bye(room.name(), null, peer.id(), callId, byeReason));
        }
        room.forget(this); // before the end is announced, so listeners already see the room without it
        machine.end(reason);
        releaseMedia();
    }

    private void releaseMedia() {
        dataLink.close();
        remoteVideo.clear();
        remoteScreen.clear();
        if (remoteScreenTrack != null) {
            quietly(() -> remoteScreenTrack.removeSink(remoteScreen));
            remoteScreenTrack = null;
        }
        for (MediaRenderer renderer : localRenderers) {
            client.media().removePreviewRenderer(renderer);
        }
        localRenderers.clear();
        if (remoteVideoTrack != null) {
            quietly(() -> remoteVideoTrack.removeSink(remoteVideo));
            remoteVideoTrack = null;
        }
        if (pc != null) {
            RTCPeerConnection closing = pc;
            pc = null;
            audioSender = null;
            videoSender = null;
            long handle = NativeReleaser.handleOf(closing);
            quietly(closing::close);
            nativeWrappers.forEach(NativeReleaser::release);
            nativeWrappers.clear();
            NativeReleaser.releaseClosedPeerConnection(handle);
        }
    }

    /**
     * Engine thread: the client switched its inputs. Existing senders take the new tracks (no renegotiation);
     * a kind this call did not send yet is added, which renegotiates under the same call id.
     */
    void refreshLocalTracks() {
        if (pc == null || machine.isEnded()) {
            return;
        }
        LocalMedia media = client.media();
        if (videoSender == null && media.videoTrack() != null) {
            videoSender = pc.addTrack(media.videoTrack(), STREAM_IDS);
            nativeWrappers.add(videoSender);
        }
        if (audioSender == null && media.audioTrack() != null) {
            audioSender = pc.addTrack(media.audioTrack(), STREAM_IDS);
            nativeWrappers.add(audioSender);
        }
        refreshScreenTrack();
        applyMutes();
        applyVideoLimits();
    }

    /** Adds, swaps or removes the screen-share sender to match the client's share (renegotiates when needed). */
    private void refreshScreenTrack() {
        VideoTrack screen = client.media().screenTrack();
        try {
            if (screen != null && screenSender == null) {
                screenSender = pc.addTrack(screen, SCREEN_STREAM_IDS);
                nativeWrappers.add(screenSender);
            } else if (screen != null) {
                screenSender.replaceTrack(screen);
            } else if (screenSender != null) {
                pc.removeTrack(screenSender);
                screenSender = null;
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: could not update the screen share: {}", this, e.getMessage());
        }
    }

    private void applyMutes() {
        if (pc == null || machine.isEnded()) {
            return;
        }
        LocalMedia media = client.media();
        if (audioSender != null) {
            quietly(() -> audioSender.replaceTrack(audioMuted ? null : media.audioTrack()));
        }
        if (videoSender != null) {
            quietly(() -> videoSender.replaceTrack(videoMuted ? null : media.videoTrack()));
        }
        LOG.debug("{}: audio {}, video {}", this, audioMuted ? "muted" : "on", videoMuted ? "muted" : "on");
    }

    /** Writes the caps into every encoding of the video sender; libwebrtc reconfigures the encoder live. */
    private void applyVideoLimits() {
        if (pc == null || videoSender == null || machine.isEnded()) {
            return;
        }
        VideoLimits limits = videoLimits;
        try {
            RTCRtpSendParameters parameters = videoSender.getParameters();
            if (parameters.encodings == null || parameters.encodings.isEmpty()) {
                LOG.debug("{}: no encodings yet; video limits apply once negotiated", this);
                return;
            }
            for (RTCRtpEncodingParameters encoding : parameters.encodings) {
                encoding.maxBitrate = limits.maxBitrateBps() > 0 ? limits.maxBitrateBps() : null;
                encoding.maxFramerate = limits.maxFrameRate() > 0 ? limits.maxFrameRate() : null;
                encoding.scaleResolutionDownBy = limits.scaleDown();
            }
            videoSender.setParameters(parameters);
            LOG.debug("{}: video limits {}", this, limits);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not apply video limits {}: {}", this, limits, e.getMessage());
        }
    }

    private void createPeerConnection() {
        ClientConfig config = client.clientConfig();
        RTCConfiguration rtc = new RTCConfiguration();
        List<IceServer> servers = new ArrayList<>(config.iceServers());
        servers.addAll(room.serverIceServers());
        for (IceServer server : servers) {
            RTCIceServer ice = new RTCIceServer();
            ice.urls.addAll(server.urls());
            ice.username = server.username();
            ice.password = server.credential();
            rtc.iceServers.add(ice);
        }
        rtc.iceTransportPolicy = config.iceTransportPolicy() == IceTransportPolicy.RELAY
                ? RTCIceTransportPolicy.RELAY : RTCIceTransportPolicy.ALL;
        pc = client.media().factory().createPeerConnection(rtc, this);
        if (direction == CallDirection.OUTGOING) {
            dataLink.createLocal(pc); // in the first offer, so the callee needs no renegotiation
        }
        LocalMedia media = client.media();
        if (media.audioTrack() != null) {
            audioSender = pc.addTrack(media.audioTrack(), STREAM_IDS);
            nativeWrappers.add(audioSender);
        }
        if (media.videoTrack() != null) {
            videoSender = pc.addTrack(media.videoTrack(), STREAM_IDS);
            nativeWrappers.add(videoSender);
        }
        if (media.screenTrack() != null) {
            screenSender = pc.addTrack(media.screenTrack(), SCREEN_STREAM_IDS);
            nativeWrappers.add(screenSender);
        }
        if (audioMuted || videoMuted) {
            applyMutes();
        }
    }

    private void startRingTimer() {
        long millis = client.clientConfig().ringTimeout().toMillis();
        ringTimer = client.engine().schedule(() -> {
            if (machine.state() == CallState.RINGING) {
                LOG.info("{}: nobody answered in {} ms", this, millis);
                end(EndReason.TIMEOUT, ByeReason.TIMEOUT);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void startConnectTimer() {
        long millis = client.clientConfig().connectTimeout().toMillis();
        connectTimer = client.engine().schedule(() -> {
            if (machine.state() == CallState.CONNECTING) {
                LOG.warn("{}: media did not connect within {} ms{}", this, millis, describeIceErrors());
                failureDetail = "media did not connect within " + millis + " ms" + describeIceErrors();
                end(EndReason.FAILED, ByeReason.FAILED);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private boolean isCurrent(int expected) {
        return expected == negotiation && pc != null && !machine.isEnded();
    }

    private void requireCurrent(int expected) {
        if (!isCurrent(expected)) {
            throw new java.util.concurrent.CancellationException("negotiation superseded");
        }
    }

    private void onTransition(CallState from, CallState to, EndReason reason) {
        stateView = to;
        if (to == CallState.ENDED) {
            endReasonView = reason;
            room.fire(l -> l.onCallEnded(room, this, reason));
            CallwireException notConnected = new CallwireException(CallwireException.Reason.CALL_ENDED,
                    "call " + callId + " ended (" + reason + ") before it connected"
                            + (failureDetail == null ? "" : ": " + failureDetail));
            client.events().execute(() -> {
                connected.completeExceptionally(notConnected);
                ended.complete(reason);
            });
            return;
        }
        LOG.info("{}: {} -> {}", this, from, to);
        if (to == CallState.CONNECTING && videoLimits != VideoLimits.NONE) {
            applyVideoLimits(); // set before negotiation finished: the encodings exist now
        }
        room.fire(l -> l.onCallStateChanged(room, this, to));
        if (to == CallState.CONNECTED) {
            client.events().execute(() -> connected.complete(this));
        }
    }

    private static EndReason toEndReason(ByeReason reason) {
        switch (reason) {
            case DECLINED:
                return EndReason.DECLINED;
            case BUSY:
                return EndReason.BUSY;
            case TIMEOUT:
                return EndReason.TIMEOUT;
            case FAILED:
                return EndReason.FAILED;
            case HANGUP:
            default:
                return EndReason.HANGUP;
        }
    }

    private static <T> void fail(CompletableFuture<T> future, Throwable error) {
        future.completeExceptionally(error);
    }

    private void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.debug("{}: ignoring {} during cleanup", this, e.toString());
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    // ---- libwebrtc observer: signaling thread, only enqueue ----

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
        IceCandidate ice = new IceCandidate(candidate.sdp, candidate.sdpMid, candidate.sdpMLineIndex);
        client.runOnEngine(() -> {
            if (!machine.isEnded()) {
                localCandidates++;
                room.send(new Candidate(room.name(), null, peer.id(), callId, ice));
            }
        });
    }

    @Override
    public void onIceCandidateError(RTCPeerConnectionIceErrorEvent event) {
        String error = event.getUrl() + " answered " + event.getErrorCode() + " " + event.getErrorText();
        client.runOnEngine(() -> {
            if (!machine.isEnded()) {
                iceServerErrors.add(error);
                LOG.warn("{}: ICE server {}", this, error);
            }
        });
    }

    @Override
    public void onIceGatheringChange(RTCIceGatheringState state) {
        if (state == RTCIceGatheringState.COMPLETE) {
            client.runOnEngine(() -> {
                if (machine.isEnded()) {
                    return;
                }
                room.send(new Candidate(room.name(), null, peer.id(), callId, null));
                if (localCandidates == 0) {
                    // Nothing to offer the peer (typically relay-only with no usable TURN server): the call
                    // cannot connect, so say why now instead of waiting for the connect timeout.
                    failureDetail = "ICE gathering found no candidates (policy "
                            + client.clientConfig().iceTransportPolicy() + ")" + describeIceErrors();
                    LOG.warn("{}: {}", this, failureDetail);
                    end(EndReason.FAILED, ByeReason.FAILED);
                }
            });
        }
    }

    private String describeIceErrors() {
        return iceServerErrors.isEmpty() ? "" : "; ICE servers: " + String.join("; ", iceServerErrors);
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState state) {
        client.runOnEngine(() -> {
            if (machine.isEnded()) {
                return;
            }
            switch (state) {
                case CONNECTED:
                    cancel(connectTimer);
                    machine.moveTo(CallState.CONNECTED);
                    break;
                case DISCONNECTED:
                    machine.moveTo(CallState.RECONNECTING);
                    break;
                case FAILED:
                    LOG.warn("{}: ICE/DTLS failed", this);
                    end(EndReason.FAILED, ByeReason.FAILED);
                    break;
                default:
                    break;
            }
        });
    }

    @Override
    public void onDataChannel(dev.onvoid.webrtc.RTCDataChannel channel) {
        dataLink.onRemoteChannel(channel); // registers at once: messages may follow immediately
    }

    @Override
    public void onRemoveTrack(RTCRtpReceiver receiver) {
        String id = receiver.getTrack().getId();
        client.runOnEngine(() -> {
            if (remoteScreenTrack != null && id.equals(remoteScreenTrack.getId()) && !machine.isEnded()) {
                quietly(() -> remoteScreenTrack.removeSink(remoteScreen));
                remoteScreenTrack = null;
                remoteScreenSharing = false;
                LOG.info("{}: remote screen share stopped", this);
                room.fire(l -> l.onScreenShareStopped(room, this));
            }
        });
    }

    /**
     * The mids of the media sections whose {@code a=msid} names the screen stream. webrtc-java 0.14 does not
     * expose a remote track's stream ids (its MediaStream wrappers have no id), but the SDP carries them.
     */
    static java.util.Set<String> screenMids(String sdp) {
        java.util.Set<String> mids = new java.util.HashSet<>();
        for (String section : sdp.split("\r?\nm=")) {
            String mid = null;
            boolean screen = false;
            for (String line : section.split("\r?\n")) {
                if (line.startsWith("a=mid:")) {
                    mid = line.substring("a=mid:".length()).trim();
                } else if (line.startsWith("a=msid:" + SCREEN_STREAM + " ")) {
                    screen = true;
                }
            }
            if (screen && mid != null) {
                mids.add(mid);
            }
        }
        return mids;
    }

    /** Engine thread; idempotent per track. */
    private void attachRemoteScreen(VideoTrack video) {
        if (remoteScreenTrack != null && remoteScreenTrack.getId().equals(video.getId())) {
            return;
        }
        if (remoteScreenTrack != null) {
            quietly(() -> remoteScreenTrack.removeSink(remoteScreen));
        }
        remoteScreenTrack = video;
        video.addSink(remoteScreen);
        remoteScreenSharing = true;
        LOG.info("{}: remote screen share started", this);
        room.fire(l -> l.onScreenShareStarted(room, this));
    }

    @Override
    public void onRenegotiationNeeded() {
        client.runOnEngine(this::renegotiate);
    }

    private void renegotiate() {
        if (pc == null || machine.isEnded() || !negotiatedOnce || makingOffer
                || pc.getSignalingState() != RTCSignalingState.STABLE) {
            return; // libwebrtc asks again once the signaling state is stable
        }
        LOG.debug("{}: renegotiating", this);
        makingOffer = true;
        int current = negotiation;
        Sdp.createOffer(pc)
                .thenComposeAsync(offer -> {
                    requireCurrent(current);
                    if (pc.getSignalingState() != RTCSignalingState.STABLE) {
                        throw new java.util.concurrent.CancellationException("an offer arrived meanwhile");
                    }
                    return Sdp.setLocal(pc, offer).thenApply(ignored -> offer);
                }, client.engine())
                .whenCompleteAsync((offer, error) -> {
                    if (!isCurrent(current)) {
                        return;
                    }
                    makingOffer = false;
                    if (error != null) {
                        LOG.debug("{}: renegotiation abandoned: {}", this, error.getMessage());
                        return;
                    }
                    room.send(new Offer(room.name(), null, peer.id(), callId, offer.sdp));
                }, client.engine());
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
        client.runOnEngine(() -> {
            if (machine.isEnded() || pc == null) {
                return;
            }
            // Getter results wrap borrowed pointers (webrtc-java does not add a reference): never release them.
            RTCRtpReceiver receiver = transceiver.getReceiver();
            MediaStreamTrack track = receiver.getTrack();
            if (track instanceof VideoTrack video && screenMids.contains(transceiver.getMid())) {
                attachRemoteScreen(video);
            } else if (track instanceof VideoTrack video && remoteVideoTrack == null) {
                remoteVideoTrack = video;
                video.addSink(remoteVideo);
                LOG.debug("{}: remote video track {}", this, video.getId());
            }
        });
    }

    @Override
    public String toString() {
        return "Call[room=" + room.name() + ", peer=" + peer.id() + ", call=" + callId + ", " + direction + "]";
    }
}
