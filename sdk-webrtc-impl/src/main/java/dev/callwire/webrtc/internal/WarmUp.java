package dev.callwire.webrtc.internal;

import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.webrtc.internal.natives.NativeReleaser;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does, right after a client starts, the one-time work its first call would otherwise do inside the call: a
 * throwaway peer connection creates an offer (libwebrtc's first peer connection, certificate and SDP work),
 * and a background thread loads and initialises the call path's classes and the libyuv bindings and runs the
 * signaling codec once over the call's messages. A process
 * that starts and calls at once (bots, kiosks) thus overlaps this with joining the room.
 *
 * <p>Engine thread, except the class loading (its own daemon thread, touching no native object). The
 * throwaway connection is closed and released when its offer is done, or by {@link #close} (before the
 * factory goes), whichever comes first. {@code -Dcallwire.warmup=false} turns it off (benchmarks compare).
 */
final class WarmUp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    /** The classes a first call loads, by name: most are package-private; {@code WarmUpTest} keeps the list true. */
    static final List<String> CALL_PATH_CLASSES = List.of(
            "dev.callwire.webrtc.internal.room.RoomSession",
            "dev.callwire.webrtc.internal.room.SignalRouter",
            "dev.callwire.webrtc.internal.room.CallRegistry",
            "dev.callwire.webrtc.internal.call.PeerCall",
            "dev.callwire.webrtc.internal.call.Negotiator",
            "dev.callwire.webrtc.internal.call.CallConnection",
            "dev.callwire.webrtc.internal.call.NativeSdpPort",
            "dev.callwire.webrtc.internal.call.Sdp",
            "dev.callwire.webrtc.internal.call.RemoteMedia",
            "dev.callwire.webrtc.internal.call.LocalSenders",
            "dev.callwire.webrtc.internal.call.CallStatsSource",
            "dev.callwire.webrtc.internal.call.CallTimers",
            "dev.callwire.webrtc.internal.call.CallStateMachine",
            "dev.callwire.webrtc.internal.call.CallOutcome",
            "dev.callwire.webrtc.internal.call.CallNegotiationEvents",
            "dev.callwire.webrtc.internal.call.SetupTimeline",
            "dev.callwire.webrtc.internal.data.DataLink",
            "dev.callwire.webrtc.internal.media.VideoFanout",
            "dev.callwire.webrtc.internal.media.RendererSlot",
            "dev.callwire.webrtc.internal.media.BufferFrame",
            "dev.callwire.webrtc.internal.media.Libyuv",
            "dev.onvoid.webrtc.RTCSessionDescription",
            "dev.onvoid.webrtc.RTCIceCandidate",
            "dev.onvoid.webrtc.RTCRtpTransceiver",
            "dev.onvoid.webrtc.media.video.VideoFrame",
            "dev.onvoid.webrtc.media.video.NativeI420Buffer",
            "java.util.concurrent.CompletableFuture");

    private final Executor engine;
    private final Object logContext;
    private final long started = System.nanoTime();
    private RTCPeerConnection pc;
    private RTCDataChannel channel;
    private long handle;

    private WarmUp(Executor engine, Object logContext) {
        this.engine = engine;
        this.logContext = logContext;
    }

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("callwire.warmup"));
    }

    /** Engine thread: starts both parts; {@code engine} runs the clean-up when the offer is done. */
    static WarmUp start(PeerConnectionFactory factory, Executor engine, Object logContext) {
        WarmUp warmUp = new WarmUp(engine, logContext);
        Thread classes = new Thread(WarmUp::loadClasses, "callwire-warmup");
        classes.setDaemon(true);
        classes.start();
        try {
            warmUp.offer(factory);
        } catch (RuntimeException e) {
            LOG.debug("{}: warm-up connection failed: {}", logContext, e.toString());
            warmUp.close();
        }
        return warmUp;
    }

    private static void loadClasses() {
        ClassLoader loader = WarmUp.class.getClassLoader();
        for (String name : CALL_PATH_CLASSES) {
            try {
                // Initialising Libyuv resolves its method handles; the others only load and link.
                Class.forName(name, name.endsWith(".Libyuv"), loader);
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.debug("warm-up: {} not loaded: {}", name, e.toString());
            }
        }
        warmCodec();
    }

    /**
     * Encodes and decodes the messages a call exchanges, so that their classes and Jackson's code for them are
     * loaded and have run once before the first offer (joining exercised only the room messages). Pure Java on
     * made-up values; nothing is sent.
     *
     * @return whether every message went through (a made-up value the protocol rejects would make it false)
     */
    static boolean warmCodec() {
        try {
            IceCandidate ice = new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 9 typ host", "0", 0);
            for (Message m : List.<Message>of(new Offer("warm-up", "a", "b", "c", "v=0"),
                    new Answer("warm-up", "b", "a", "c", "v=0"), new Candidate("warm-up", "a", "b", "c", ice),
                    new Bye("warm-up", "a", "b", "c", null))) {
                ProtocolCodec.decode(ProtocolCodec.encode(m));
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("warm-up: the codec did not warm: {}", e.toString());
            return false;
        }
    }

    private void offer(PeerConnectionFactory factory) {
        pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                // never gathers: the offer is not applied
            }
        });
        handle = NativeReleaser.handleOf(pc);
        channel = pc.createDataChannel("callwire-warm-up", new RTCDataChannelInit());
        pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                done("offer created");
            }

            @Override
            public void onFailure(String error) {
                done("offer failed: " + error);
            }
        });
    }

    /** libwebrtc's signaling thread: only hands the clean-up to the engine thread. */
    private void done(String outcome) {
        engine.execute(() -> {
            LOG.debug("{}: warm-up {} in {} ms", logContext, outcome,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            close();
        });
    }

    /** Engine thread: closes and releases the throwaway connection; idempotent. */
    @Override
    public void close() {
        RTCPeerConnection closing = pc;
        pc = null;
        if (closing == null) {
            return;
        }
        try {
            if (channel != null) {
                channel.close();
                channel.dispose();
            }
            closing.close();
            NativeReleaser.releaseClosedPeerConnection(handle);
        } catch (RuntimeException | Error e) {
            LOG.debug("{}: closing the warm-up connection: {}", logContext, e.toString());
        }
        channel = null;
    }
}
