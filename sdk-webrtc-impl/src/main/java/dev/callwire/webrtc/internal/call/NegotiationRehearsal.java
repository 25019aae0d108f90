package dev.callwire.webrtc.internal.call;

import dev.callwire.protocol.IceCandidate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The warm-up's pure-Java rehearsal of a first offer/answer exchange: a calling and an answering {@link Negotiator},
 * each on an in-memory {@link SdpPort}, exchange an offer, an answer and a candidate the way a call does (the offer
 * held while ringing, then answered). In a fresh process that links the negotiator's continuations (each a lambda
 * call site, linked the first time it runs) and runs its future compositions once, off the call's path: both sides'
 * first real exchange then runs code that has run before. Touches no native object and no shared state.
 */
public final class NegotiationRehearsal {

    private static final Executor INLINE = Runnable::run;
    /** Enough of a description for what the engine reads itself ({@link Sdp}); libwebrtc never sees it. */
    private static final String DESCRIPTION = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=msid:callwire a",
            "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:1", "a=msid:callwire v", "");

    private NegotiationRehearsal() {
    }

    /** Any thread; a few milliseconds in a fresh process. @return whether both sides completed the exchange */
    public static boolean run() {
        Side caller = new Side();
        Side callee = new Side();
        Negotiator calling = new Negotiator("warm-up caller", INLINE, caller);
        Negotiator answering = new Negotiator("warm-up callee", INLINE, callee);
        caller.other = answering;
        callee.other = calling;
        IceCandidate candidate = new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 9 typ host", "0", 0);
        calling.attach(new MemoryPort());
        answering.onRemoteCandidate(candidate); // before any description: kept, like a trickled early candidate
        calling.makeOffer(); // the offer reaches the answering side, which holds it while "ringing"
        answering.attach(new MemoryPort());
        answering.answerHeldOffer();
        calling.onRemoteCandidate(candidate);
        boolean done = caller.negotiated && callee.negotiated && caller.failure == null && callee.failure == null;
        calling.close();
        answering.close();
        return done;
    }

    /** One side's events: what it sends goes straight to the other side. */
    private static final class Side implements Negotiator.Events {
        Negotiator other;
        boolean negotiated;
        Throwable failure;

        @Override
        public void sendOffer(String sdp) {
            other.onRemoteOffer(sdp, false);
        }

        @Override
        public void sendAnswer(String sdp) {
            other.onRemoteAnswer(sdp);
        }

        @Override
        public void remoteDescription(String sdp) {
            Sdp.screenMids(sdp); // what a call's media reads from it
        }

        @Override
        public void negotiated() {
            negotiated = true;
        }

        @Override
        public void failed(String what, Throwable cause) {
            failure = cause;
        }
    }

    /** Moves the signaling state as libwebrtc would and completes every step at once. */
    private static final class MemoryPort implements SdpPort {
        private SignalingState state = SignalingState.STABLE;

        @Override
        public CompletableFuture<String> createOffer() {
            return CompletableFuture.completedFuture(DESCRIPTION);
        }

        @Override
        public CompletableFuture<String> createAnswer() {
            return CompletableFuture.completedFuture(DESCRIPTION);
        }

        @Override
        public CompletableFuture<Void> setLocal(Kind kind, String sdp) {
            state = kind == Kind.OFFER ? SignalingState.HAVE_LOCAL_OFFER : SignalingState.STABLE;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> setRemote(Kind kind, String sdp) {
            state = kind == Kind.OFFER ? SignalingState.HAVE_REMOTE_OFFER : SignalingState.STABLE;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> rollback() {
            state = SignalingState.STABLE;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void addCandidate(IceCandidate candidate) {
            // nothing to connect
        }

        @Override
        public SignalingState signalingState() {
            return state;
        }

        @Override
        public void restartIce() {
            // not rehearsed
        }
    }
}
