package dev.callwire.webrtc.internal;

import dev.callwire.media.MediaRenderer;
import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.webrtc.internal.media.TestPatternSource;
import dev.callwire.webrtc.internal.media.VideoFanout;
import dev.callwire.webrtc.internal.natives.NativeReleaser;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSendParameters;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up's rehearsal of a call: two throwaway peer connections of the client's factory, each sending a
 * throwaway audio and video track (and the offerer a data channel, as a caller does), make one offer/answer
 * exchange with each other, connect over their host candidates (handed across in this process) and pass video
 * until one frame has come out of the other side's decoder into a renderer. That runs, before the first real
 * call, what the first call would otherwise run for the first time in its process, on both sides: creating an
 * offer and an answer, applying a remote offer and a remote answer (transports, the voice and video channels, the
 * codec factories' lists, ICE gathering starting), the JNI conversions of descriptions and transceivers, the
 * signaling codec on real-sized SDP, then ICE checks, the DTLS handshake and SRTP, the VP8 encoder and decoder,
 * the pacer, and a decoded frame's way from libwebrtc's decoding thread through a {@link VideoFanout} to a renderer
 * thread of the client and libyuv.
 *
 * <p>Its frames are small ({@value #FRAME_WIDTH}x{@value #FRAME_HEIGHT}: what they warm up runs once per process
 * whatever the size) and bounded ({@value #MAX_FRAMES} at most, stopping at the first one rendered), so where the
 * pair cannot connect it gives up within about two seconds, having pushed frames only into encoders that wait for
 * a network.
 *
 * <p>A real call never waits for it. The rehearsal runs on its own thread, not the engine's, so that neither
 * waits for the other while a fresh process joins its room (the join keeps the engine thread busy loading the
 * transport); libwebrtc's callbacks only hand over to that thread. {@link #yieldToCall()} (a peer connection for
 * a call is about to be made) stops the rehearsal at once (a step under way completes first: at most one native
 * operation or one frame). Steps and the release hold the pair's lock, so {@link #close()} (the client closes, on the
 * engine thread) waits at most for one step and the factory never goes while a step uses it.
 */
final class WarmUpPair {

    /**
     * How a rehearsal ended: {@code RENDERED} all of it, a frame included; {@code EXCHANGED} offer and answer but no
     * frame within its budget (the pair did not connect).
     */
    enum Outcome { RENDERED, EXCHANGED, YIELDED, FAILED, CLOSED }

    static final int FRAME_WIDTH = 320;
    static final int FRAME_HEIGHT = 240;
    /** About two seconds of frames at {@link #FRAME_INTERVAL_MICROS}. */
    static final int MAX_FRAMES = 60;
    private static final long FRAME_INTERVAL_MICROS = 33_333;
    /** The renderer converts to this size: libyuv's scaling and conversion run once, on a few pixels. */
    private static final int RENDER_WIDTH = 80;
    private static final int RENDER_HEIGHT = 60;

    private static final Logger LOG = LoggerFactory.getLogger(WarmUpPair.class);
    private static final List<String> STREAM = List.of("callwire-warm-up");
    /** Native objects made by rehearsals and not disposed yet, all clients together: tests check it returns to 0. */
    private static final AtomicInteger LIVE = new AtomicInteger();
    /** Tests only: while not done, the rehearsal's steps wait for it (a rehearsal that is still running). */
    private static volatile CompletableFuture<?> heldUntil = CompletableFuture.completedFuture(null);

    private final ScheduledExecutorService thread;
    private final Executor steps;
    private final Executor renderThreads;
    private final Object logContext;
    private final long started = System.nanoTime();
    private final CompletableFuture<Outcome> finished = new CompletableFuture<>();
    private final List<RTCRtpSender> senders = new ArrayList<>();
    private CustomVideoSource videoSource;
    private CustomAudioSource audioSource;
    private VideoTrack videoTrack;
    private AudioTrack audioTrack;
    private RTCPeerConnection offerer;
    private RTCPeerConnection answerer;
    private long offererHandle;
    private long answererHandle;
    private RTCDataChannel channel;
    private final CandidateRelay<RTCIceCandidate> relay = new CandidateRelay<>(this::relay);
    private final FrameBudget budget = new FrameBudget(MAX_FRAMES);
    private final List<RemoteVideo> remoteVideo = new ArrayList<>();
    private final MediaRenderer renderer = this::rendered;
    private TestPatternSource pattern; // the engine's synthetic camera, paced by the pair
    private ScheduledFuture<?> pushing;
    private volatile int framesPushed; // the budget's count, for tests on other threads
    private volatile boolean yielded;
    private final StringBuilder reached = new StringBuilder(); // when each step was reached, for the DEBUG line

    /** A remote video track (borrowed from its receiver) and the sink the pair put on it. */
    private record RemoteVideo(VideoTrack track, VideoFanout sink) {
    }

    private WarmUpPair(String threadName, Executor renderThreads, Object logContext) {
        this.thread = Executors.newSingleThreadScheduledExecutor(Threads.daemon(threadName));
        this.renderThreads = renderThreads;
        CompletableFuture<?> hold = heldUntil;
        Executor own = task -> {
            try {
                thread.execute(task);
            } catch (RejectedExecutionException e) {
                // the pair is finished and its thread gone: a late callback has nothing left to do
            }
        };
        this.steps = hold.isDone() ? own : task -> hold.thenRun(() -> own.execute(task));
        this.logContext = logContext;
    }

    /**
     * Any thread: makes the pair on its own thread and asks for the offer; the rest follows there. Its renderer runs
     * on {@code renderThreads}, the client's, so the thread that renders the first call's first frame may be one
     * already started.
     */
    static WarmUpPair start(PeerConnectionFactory factory, String threadName, Executor renderThreads,
                            Object logContext) {
        WarmUpPair pair = new WarmUpPair(threadName, renderThreads, logContext);
        pair.thread.execute(() -> pair.step(() -> {
            pair.open(factory);
            pair.mark("opened");
            pair.offerer.createOffer(new RTCOfferOptions(), pair.created(pair::offerCreated));
        }));
        return pair;
    }

    /** Tests only: rehearsals started from now on take their steps once {@code release} completes. */
    static void holdStepsUntil(CompletableFuture<?> release) {
        heldUntil = release;
    }

    /** Native objects of rehearsals not disposed yet (all clients of the process). */
    static int live() {
        return LIVE.get();
    }

    /** Completes once the pair is closed and released, with how it ended. */
    CompletableFuture<Outcome> finished() {
        return finished;
    }

    /** Frames pushed into the rehearsal's video source so far (at most {@link #MAX_FRAMES}). */
    int framesPushed() {
        return framesPushed;
    }

    /** Any thread: a real call begins; the rehearsal stops now, after the step under way if any. */
    void yieldToCall() {
        yielded = true;
        steps.execute(() -> step(() -> { })); // a step ends a yielded rehearsal: no waiting for the next frame
    }

    /** Any thread: ends the rehearsal now, after the step under way if any (the client closes). Idempotent. */
    void close() {
        finish(Outcome.CLOSED, "closed");
    }

    private void open(PeerConnectionFactory factory) {
        videoSource = made(new CustomVideoSource());
        videoTrack = made(factory.createVideoTrack("callwire-warm-up-video", videoSource));
        pattern = new TestPatternSource(videoSource, FRAME_WIDTH, FRAME_HEIGHT, 30);
        audioSource = made(new CustomAudioSource());
        audioTrack = made(factory.createAudioTrack("callwire-warm-up-audio", audioSource));
        offerer = made(factory.createPeerConnection(new RTCConfiguration(), new Side(true)));
        offererHandle = NativeReleaser.handleOf(offerer);
        answerer = made(factory.createPeerConnection(new RTCConfiguration(), new Side(false)));
        answererHandle = NativeReleaser.handleOf(answerer);
        for (RTCPeerConnection pc : List.of(offerer, answerer)) {
            senders.add(made(pc.addTrack(audioTrack, STREAM)));
            senders.add(made(pc.addTrack(videoTrack, STREAM)));
        }
        channel = made(offerer.createDataChannel("callwire-warm-up", new RTCDataChannelInit()));
        // What a call does next before its offer (the senders' video limits, the negotiator's state check): their
        // JNI conversions run here for the first time instead.
        RTCRtpSender video = senders.get(1);
        RTCRtpSendParameters parameters = video.getParameters();
        if (parameters.encodings != null && !parameters.encodings.isEmpty()) {
            video.setParameters(parameters);
        }
        offerer.getSignalingState();
    }

    private void offerCreated(RTCSessionDescription offer) {
        mark("offer created");
        codec(offer, true);
        offerer.setLocalDescription(offer, applied("offer set", () -> answerer.setRemoteDescription(offer,
                applied("offer applied", () -> answerer.createAnswer(new RTCAnswerOptions(),
                        created(this::answerCreated))))));
    }

    private void answerCreated(RTCSessionDescription answer) {
        mark("answer created");
        codec(answer, false);
        answerer.setLocalDescription(answer, applied("answer set", () -> offerer.setRemoteDescription(answer,
                applied("answer applied", this::connect))));
    }

    /** Both descriptions applied: the candidates go across, and frames go in until one comes out rendered. */
    private void connect() {
        relay.open();
        pushing = thread.scheduleAtFixedRate(() -> step(this::pushFrame), 0, FRAME_INTERVAL_MICROS,
                TimeUnit.MICROSECONDS);
    }

    private void relay(boolean fromOfferer, RTCIceCandidate candidate) {
        (fromOfferer ? answerer : offerer).addIceCandidate(candidate);
    }

    private void pushFrame() {
        if (!budget.take()) {
            finish(Outcome.EXCHANGED, "offer/answer exchanged, no frame rendered");
            return;
        }
        framesPushed = budget.pushed();
        pattern.pushNext();
    }

    /** A remote track arrived: video gets the sink a call puts on it, with the rehearsal's renderer behind. */
    private void attach(RTCRtpTransceiver transceiver) {
        MediaStreamTrack track = transceiver.getReceiver().getTrack();
        if (!(track instanceof VideoTrack video)) {
            return;
        }
        VideoFanout sink = new VideoFanout(renderThreads);
        sink.add(renderer);
        video.addSink(sink);
        remoteVideo.add(new RemoteVideo(video, made(sink)));
    }

    /** A client render thread: the first frame through; the rest of a call's frame path runs here once. */
    private void rendered(dev.callwire.media.VideoFrame frame) {
        frame.toArgb(new int[RENDER_WIDTH * RENDER_HEIGHT], RENDER_WIDTH, RENDER_HEIGHT);
        steps.execute(() -> step(() -> {
            mark("frame rendered (" + budget.pushed() + " pushed)");
            budget.rendered();
            finish(Outcome.RENDERED, "rendered a frame");
        }));
    }

    private void mark(String step) {
        reached.append(reached.isEmpty() ? "" : ", ").append(step).append(' ')
                .append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** The signaling codec on this process's real SDP, as the call will send it; nothing is sent. */
    private static void codec(RTCSessionDescription description, boolean offer) {
        ProtocolCodec.decode(ProtocolCodec.encode(offer
                ? new Offer("warm-up", "a", "b", "c", description.sdp)
                : new Answer("warm-up", "b", "a", "c", description.sdp)));
    }

    /** A create step's observer: libwebrtc's signaling thread hands the result to the pair's thread. */
    private CreateSessionDescriptionObserver created(Consumer<RTCSessionDescription> next) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                steps.execute(() -> step(() -> next.accept(description)));
            }

            @Override
            public void onFailure(String error) {
                steps.execute(() -> finish(Outcome.FAILED, error));
            }
        };
    }

    /** A set step's observer, likewise. */
    private SetSessionDescriptionObserver applied(String step, Runnable next) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                steps.execute(() -> step(() -> {
                    mark(step);
                    next.run();
                }));
            }

            @Override
            public void onFailure(String error) {
                steps.execute(() -> finish(Outcome.FAILED, error));
            }
        };
    }

    /** The pair's thread: the next step, unless a real call began or the pair was closed meanwhile. */
    private synchronized void step(Runnable next) {
        if (finished.isDone()) {
            return;
        }
        if (yielded) {
            finish(Outcome.YIELDED, "yielded to a call");
            return;
        }
        try {
            next.run();
        } catch (RuntimeException | Error e) {
            finish(Outcome.FAILED, e.toString());
        }
    }

    /** Closes the connections, then drops senders, channel, tracks and sources, once; the thread ends. */
    private synchronized void finish(Outcome outcome, String detail) {
        if (finished.isDone()) {
            return;
        }
        if (pushing != null) {
            pushing.cancel(false);
        }
        // Sinks off the tracks before the connections that own the tracks close.
        remoteVideo.forEach(remote -> quietly(remote.sink(), sink -> {
            remote.track().removeSink(sink);
            sink.clear();
        }));
        remoteVideo.clear();
        closeConnection(offerer, offererHandle);
        closeConnection(answerer, answererHandle);
        // Closed with its connection; closing it first would make libwebrtc warn of an unconnected SCTP reset.
        quietly(channel, RTCDataChannel::dispose);
        senders.forEach(sender -> quietly(sender, NativeReleaser::releaseSender));
        senders.clear();
        quietly(videoTrack, VideoTrack::dispose);
        quietly(audioTrack, AudioTrack::dispose);
        quietly(videoSource, CustomVideoSource::dispose);
        quietly(audioSource, CustomAudioSource::dispose);
        channel = null;
        offerer = null;
        answerer = null;
        videoTrack = null;
        audioTrack = null;
        videoSource = null;
        audioSource = null;
        LOG.debug("{}: warm-up call {} in {} ms (steps, ms from its start: {})", logContext, detail,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), reached);
        thread.shutdown();
        finished.complete(outcome);
    }

    private void closeConnection(RTCPeerConnection pc, long handle) {
        quietly(pc, c -> {
            c.close();
            NativeReleaser.releaseClosedPeerConnection(handle);
        });
    }

    private static <T> T made(T nativeObject) {
        if (nativeObject != null) {
            LIVE.incrementAndGet();
        }
        return nativeObject;
    }

    private <T> void quietly(T nativeObject, Consumer<T> release) {
        if (nativeObject == null) {
            return;
        }
        LIVE.decrementAndGet();
        try {
            release.accept(nativeObject);
        } catch (RuntimeException | Error e) {
            // webrtc-java 0.14 throws an Error disposing an object still referenced elsewhere; ours is dropped.
            LOG.debug("{}: releasing a warm-up object: {}", logContext, e.toString());
        }
    }

    /** libwebrtc's signaling thread: candidates and tracks only go over to the pair's thread. */
    private final class Side implements PeerConnectionObserver {
        private final boolean offerer;

        Side(boolean offerer) {
            this.offerer = offerer;
        }

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            steps.execute(() -> step(() -> relay.gathered(offerer, candidate)));
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            // borrowed, nothing to release; read on the pair's thread like every other call of the rehearsal
            steps.execute(() -> step(() -> attach(transceiver)));
        }
    }
}
