package dev.callwire.webrtc.internal;

import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.webrtc.internal.call.NegotiationRehearsal;
import dev.onvoid.webrtc.PeerConnectionFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does, right after a client starts, the one-time work its first call would otherwise do inside the call: a
 * rehearsal of a call between two throwaway peer connections ({@link WarmUpPair}: offer, answer, both applied,
 * with audio, video and a data channel, then connected until one small video frame has been encoded, sent,
 * decoded and rendered) runs libwebrtc's and webrtc-java's first-use work for both the caller's and the callee's
 * side, and a background thread loads and initialises the call path's classes and the libyuv
 * bindings, runs the signaling codec once over the call's messages and the negotiator once through a whole exchange
 * ({@link NegotiationRehearsal}, pure Java). A process that starts and calls at once
 * (bots, kiosks) thus overlaps this with joining the room; a process that is called overlaps it with waiting.
 *
 * <p>A real call never waits for the warm-up: {@link #yieldToCall()} stops the rehearsal at once, after the step under way. The
 * class loading starts first, as the client is constructed, on a daemon thread touching no native object; the
 * rehearsal runs on a thread of its own once the factory exists. Its native objects are released when it ends or
 * by {@link #close} (before the factory goes), whichever comes first. {@code -Dcallwire.warmup=false} turns it
 * off (benchmarks compare).
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
            "dev.callwire.webrtc.internal.call.CallSetup",
            "dev.callwire.webrtc.internal.call.CallSurface",
            "dev.callwire.webrtc.internal.call.CallRestarts",
            "dev.callwire.webrtc.internal.call.IceRecovery",
            "dev.callwire.webrtc.internal.call.IceRestartPlanner",
            "dev.callwire.webrtc.internal.call.CallDataContext",
            "dev.callwire.webrtc.internal.call.OfferDecision",
            "dev.callwire.webrtc.internal.call.EndReasons",
            "dev.callwire.webrtc.internal.call.Stages",
            "dev.callwire.webrtc.internal.media.StatsReader",
            "dev.callwire.webrtc.internal.data.FileTransfers",
            "dev.callwire.webrtc.internal.room.RoomCallHost",
            "dev.callwire.webrtc.internal.data.DataLink",
            "dev.callwire.webrtc.internal.media.VideoFanout",
            "dev.callwire.webrtc.internal.media.RendererSlot",
            "dev.callwire.webrtc.internal.media.BufferFrame",
            "dev.callwire.webrtc.internal.media.Libyuv",
            "dev.onvoid.webrtc.RTCSessionDescription",
            "dev.onvoid.webrtc.RTCIceCandidate",
            "dev.onvoid.webrtc.RTCRtpTransceiver",
            "dev.onvoid.webrtc.RTCRtpSendParameters",
            "dev.onvoid.webrtc.RTCRtpEncodingParameters",
            "dev.onvoid.webrtc.media.video.VideoFrame",
            "dev.onvoid.webrtc.media.video.NativeI420Buffer",
            "java.util.concurrent.CompletableFuture");

    private final WarmUpPair pair;

    private WarmUp(WarmUpPair pair) {
        this.pair = pair;
    }

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("callwire.warmup"));
    }

    /**
     * Any thread, first thing in a client's constructor: loads the call path's classes on a daemon thread while
     * the native library and the factory load (pure Java, touching no native object).
     */
    static void loadClassesInBackground() {
        Thread classes = new Thread(WarmUp::loadClasses, "callwire-warmup-classes");
        classes.setDaemon(true);
        classes.start();
    }

    /**
     * Starts the rehearsal of a call on its own thread, {@code threadName}, its renderer on {@code renderThreads};
     * it releases what it made.
     */
    static WarmUp start(PeerConnectionFactory factory, String threadName, Executor renderThreads, Object logContext) {
        return new WarmUp(WarmUpPair.start(factory, threadName, renderThreads, logContext));
    }

    /** Completes once the rehearsal's native objects are released. */
    CompletableFuture<WarmUpPair.Outcome> finished() {
        return pair.finished();
    }

    /** Any thread: a peer connection for a real call is about to be made; nothing waits. */
    void yieldToCall() {
        pair.yieldToCall();
    }

    private static void loadClasses() {
        ClassLoader loader = WarmUp.class.getClassLoader();
        for (String name : CALL_PATH_CLASSES) {
            try {
                // Our classes are initialised too (their static parts are loggers and constants; Libyuv resolves its
                // method handles); webrtc-java's only load and link, as its native library may still be loading.
                Class.forName(name, name.startsWith("dev.callwire."), loader);
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.debug("warm-up: {} not loaded: {}", name, e.toString());
            }
        }
        warmCodec();
        if (!NegotiationRehearsal.run()) {
            LOG.debug("warm-up: the negotiation rehearsal did not complete");
        }
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

    /** Ends the rehearsal if it still runs and releases its native objects (before the factory goes); idempotent. */
    @Override
    public void close() {
        pair.close();
    }
}
