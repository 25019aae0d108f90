package dev.callwire.webrtc.internal.call;

import dev.callwire.protocol.IceCandidate;
import dev.callwire.webrtc.internal.call.SdpPort.Kind;
import dev.callwire.webrtc.internal.call.SdpPort.SignalingState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's offer/answer exchange: the first offer or answer, renegotiations, perfect-negotiation
 * rollback, giving way in glare, and the remote candidates that arrive before a remote description.
 *
 * <p>Confined to the engine thread. Each SDP step continues on the engine thread (at once when libwebrtc completed
 * the previous one before its call returned, else through the engine executor) and first checks that
 * it still belongs to the current {@linkplain #generation negotiation}: a rollback, an adoption or the end
 * of the call bumps the generation, so a late continuation can neither touch a closed peer connection nor
 * undo a newer exchange.
 */
final class Negotiator {

    /** What the negotiator asks of its call; called on the engine thread. */
    interface Events {
        void sendOffer(String sdp);

        void sendAnswer(String sdp);

        /** A remote description is about to be applied: media learns which sections are what from it. */
        void remoteDescription(String sdp);

        /** The first exchange of the call completed: media can start connecting. */
        void negotiated();

        /** An exchange completed, the first or a later one: their answer applied, or ours sent. */
        default void exchangeCompleted() {
        }

        /** The call cannot go on: a step of its first exchange, or of an answer, failed. */
        void failed(String what, Throwable cause);
    }

    static final int MAX_PENDING_CANDIDATES = 256;
    private static final Logger LOG = LoggerFactory.getLogger(Negotiator.class);

    private final Object logContext;
    private final Executor engine;
    private final Events events;
    private final List<IceCandidate> pendingCandidates = new ArrayList<>();
    private SdpPort port;
    private String heldOffer;
    private String sentOffer;
    private boolean remoteDescriptionSet;
    private boolean makingOffer;
    private boolean negotiated;
    /** {@link #negotiated}, for libwebrtc's signaling thread: see {@link #negotiationNeededRaised()}. */
    private volatile boolean negotiatedSeen;
    private boolean closed;
    private int generation;
    /**
     * The generation whose remote offer is being answered, or -1. While it is, no offer of ours may start: a step of
     * the answer still waiting for libwebrtc (a polite rollback, typically) would find our offer applied meanwhile.
     */
    private int answering = -1;

    /** @param logContext names the call in log lines (its {@code toString()}) */
    Negotiator(Object logContext, Executor engine, Events events) {
        this.logContext = logContext;
        this.engine = engine;
        this.events = events;
    }

    /** The peer connection exists: from now on offers are applied, not held. */
    void attach(SdpPort port) {
        this.port = port;
    }

    boolean isAttached() {
        return port != null;
    }

    boolean isMakingOffer() {
        return makingOffer;
    }

    boolean isStable() {
        return port == null || port.signalingState() == SignalingState.STABLE;
    }

    boolean hasRemoteDescription() {
        return remoteDescriptionSet;
    }

    boolean isNegotiated() {
        return negotiated;
    }

    int pendingCandidateCount() {
        return pendingCandidates.size();
    }

    /**
     * Creates and sends an offer: the call's first, or a renegotiation. Does nothing while an offer is in
     * flight or an exchange is open; libwebrtc asks again once the signaling state is stable.
     */
    void makeOffer() {
        if (port == null || closed || makingOffer || answering == generation
                || port.signalingState() != SignalingState.STABLE) {
            return;
        }
        boolean first = !negotiated;
        makingOffer = true;
        int current = generation;
        SdpPort pc = port;
        CompletableFuture<String> offered = then(pc.createOffer(), offer -> {
            requireCurrent(current);
            if (pc.signalingState() != SignalingState.STABLE) {
                throw new CancellationException("an offer arrived meanwhile");
            }
            return pc.setLocal(Kind.OFFER, offer).thenApply(ignored -> offer);
        });
        whenDone(offered, (offer, error) -> {
            if (!isCurrent(current)) {
                return;
            }
            makingOffer = false;
            if (error == null) {
                sentOffer = offer;
                events.sendOffer(offer);
            } else if (first) {
                events.failed("creating the offer", error);
            } else {
                LOG.debug("{}: renegotiation abandoned: {}", logContext, error.getMessage());
            }
        });
    }

    /**
     * libwebrtc's signaling thread: libwebrtc raised negotiation-needed; returns what the engine thread does about
     * it. An event raised before the first exchange completed is dropped even if it runs after: the tracks and
     * channels added so far are in that exchange, and webrtc-java's (legacy) event is not re-checked as it fires,
     * as a browser's is. Without this a callee, whose first steps continue at once, would renegotiate for nothing
     * right after its answer: addTrack before the offer is applied raises the event.
     */
    Runnable negotiationNeededRaised() {
        boolean afterFirstExchange = negotiatedSeen;
        return () -> {
            if (afterFirstExchange) {
                onNegotiationNeeded();
            } else {
                LOG.debug("{}: negotiation needed before the first exchange finished; it will include the change",
                        logContext);
            }
        };
    }

    /** Engine thread: libwebrtc wants a new exchange (tracks changed, ICE restart); only once the first one is done. */
    void onNegotiationNeeded() {
        if (negotiated) {
            makeOffer();
        } else {
            LOG.debug("{}: negotiation needed before the first exchange finished; it will include the change",
                    logContext);
        }
    }

    /**
     * Restarts ICE inside the call: the offer that follows reuses the call id. It is made at once when the exchange
     * is stable, rather than on libwebrtc's negotiation-needed event (which may come late or, after a rollback, not
     * at all). An earlier offer of ours still unanswered (lost with a dead signaling connection, typically) is rolled
     * back and replaced, so each attempt sends a fresh offer. While an exchange is open the restart waits for it:
     * libwebrtc asks for negotiation once it is stable.
     */
    void restartIce() {
        if (port == null || closed) {
            return;
        }
        port.restartIce();
        if (!negotiated || makingOffer) {
            return;
        }
        SignalingState state = port.signalingState();
        if (state == SignalingState.STABLE) {
            makeOffer();
        } else if (state == SignalingState.HAVE_LOCAL_OFFER) {
            LOG.debug("{}: replacing our unanswered offer with an ICE-restart offer", logContext);
            abandonOwnOffer();
            int current = generation;
            SdpPort pc = port;
            pc.rollback().whenCompleteAsync((ignored, error) -> {
                if (!isCurrent(current)) {
                    return;
                }
                if (error != null) {
                    LOG.debug("{}: could not roll back the unanswered offer: {}", logContext, error.getMessage());
                    return;
                }
                pc.restartIce(); // the rollback may have reset the credentials marked for replacement
                makeOffer();
            }, engine);
        }
    }

    /**
     * Sends our unanswered offer again, as it is: signaling reconnected, and the first copy may have gone down with
     * the old connection. A peer that did get it answers the copy with the same ICE credentials, so whichever answer
     * arrives first fits; a fresh offer instead would let the late answer to the first one be applied to it.
     *
     * @return {@code true} if an offer was re-sent
     */
    boolean resendUnansweredOffer() {
        if (!hasUnansweredOffer()) {
            return false;
        }
        events.sendOffer(sentOffer);
        return true;
    }

    /** An offer of ours is out and not answered yet. */
    boolean hasUnansweredOffer() {
        return port != null && !closed && !makingOffer && sentOffer != null
                && port.signalingState() == SignalingState.HAVE_LOCAL_OFFER;
    }

    /**
     * A remote offer inside this call. Before the peer connection exists (the call is still ringing) the
     * newest offer is kept for {@link #answerHeldOffer()}; afterwards it is applied and answered, first
     * rolling back our own colliding offer when we are the polite side.
     */
    void onRemoteOffer(String sdp, boolean rollbackFirst) {
        if (closed) {
            return;
        }
        if (port == null) {
            heldOffer = sdp;
            return;
        }
        if (rollbackFirst) {
            LOG.debug("{}: offers collided; rolling back ours (we are polite)", logContext);
            abandonOwnOffer();
        }
        answer(sdp, rollbackFirst);
    }

    /** The call was accepted and its peer connection attached: answer the offer that rang. */
    void answerHeldOffer() {
        String offer = heldOffer;
        heldOffer = null;
        if (offer == null || port == null || closed) {
            throw new IllegalStateException("no held offer to answer");
        }
        answer(offer, false);
    }

    /**
     * Both sides called at once and we are polite: abandon our own offer (and the candidates trickled for
     * it) and answer theirs, rolling ours back first if it was already applied.
     */
    void adopt(String sdp) {
        abandonOwnOffer();
        pendingCandidates.clear();
        boolean haveLocalOffer = port != null && port.signalingState() == SignalingState.HAVE_LOCAL_OFFER;
        if (port == null) {
            heldOffer = sdp;
            return;
        }
        answer(sdp, haveLocalOffer);
    }

    void onRemoteAnswer(String sdp) {
        if (port == null || closed || port.signalingState() != SignalingState.HAVE_LOCAL_OFFER) {
            LOG.debug("{}: dropping an answer that matches no offer of ours", logContext);
            return;
        }
        int current = generation;
        boolean first = !negotiated;
        events.remoteDescription(sdp);
        whenDone(port.setRemote(Kind.ANSWER, sdp), (ignored, error) -> {
            if (!isCurrent(current)) {
                return;
            }
            if (error != null && first) {
                events.failed("applying the answer", error);
                return;
            }
            if (error != null) {
                // A late answer to an offer an ICE restart replaced, typically: the media of the established call
                // is unaffected, and the next restart replaces the offer left open.
                LOG.warn("{}: a renegotiation's answer could not be applied: {}", logContext, error.getMessage());
                return;
            }
            remoteDescriptionApplied();
            markNegotiated();
            events.exchangeCompleted();
        });
    }

    /** A remote candidate: applied once a remote description is, kept (bounded) until then. */
    void onRemoteCandidate(IceCandidate candidate) {
        if (candidate == null || closed) {
            return; // end-of-candidates needs no action from libwebrtc
        }
        if (port == null || !remoteDescriptionSet) {
            if (pendingCandidates.size() < MAX_PENDING_CANDIDATES) {
                pendingCandidates.add(candidate);
            } else {
                LOG.debug("{}: over {} early candidates; dropping one", logContext, MAX_PENDING_CANDIDATES);
            }
            return;
        }
        addCandidate(candidate);
    }

    /** The call ended: every continuation still under way is dropped. Idempotent. */
    void close() {
        closed = true;
        generation++;
        makingOffer = false;
        heldOffer = null;
        pendingCandidates.clear();
    }

    private void abandonOwnOffer() {
        generation++;
        makingOffer = false;
    }

    private void answer(String sdp, boolean rollbackFirst) {
        int current = generation;
        answering = current;
        SdpPort pc = port;
        events.remoteDescription(sdp);
        CompletableFuture<Void> start = rollbackFirst ? pc.rollback() : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> applied = then(start, ignored -> {
            requireCurrent(current);
            return pc.setRemote(Kind.OFFER, sdp);
        });
        CompletableFuture<String> created = then(applied, ignored -> {
            requireCurrent(current);
            remoteDescriptionApplied();
            return pc.createAnswer();
        });
        CompletableFuture<String> answered = then(created, answer -> {
            requireCurrent(current);
            return pc.setLocal(Kind.ANSWER, answer).thenApply(ignored -> answer);
        });
        whenDone(answered, (answer, error) -> {
            if (!isCurrent(current)) {
                return;
            }
            answering = -1;
            if (error != null && !negotiated) {
                events.failed("answering the offer", error);
                return;
            }
            if (error != null) {
                // A renegotiation (a copy of an offer re-sent after a signaling reconnect, typically): the
                // established media goes on; an exchange left open is undone so the next one can start.
                LOG.warn("{}: answering a renegotiation failed: {}", logContext, error.getMessage());
                if (pc.signalingState() == SignalingState.HAVE_REMOTE_OFFER) {
                    pc.rollback();
                }
                return;
            }
            events.sendAnswer(answer);
            markNegotiated();
            events.exchangeCompleted();
        });
    }

    /**
     * Engine thread: {@code next} once {@code stage} completed, on the engine thread. libwebrtc has usually completed
     * an SDP step by the time its call returns; the next step then runs at once, like a promise's continuation in a
     * browser, instead of queueing behind the engine work that arrived meanwhile (early candidates, track events),
     * which in a call's set-up delayed every step. A failed or pending stage continues through the engine executor.
     */
    private <T, U> CompletableFuture<U> then(CompletableFuture<T> stage,
                                             Function<? super T, ? extends CompletionStage<U>> next) {
        if (stage.isDone() && !stage.isCompletedExceptionally()) {
            try {
                return next.apply(stage.join()).toCompletableFuture();
            } catch (RuntimeException e) { // what thenComposeAsync makes of it
                return CompletableFuture.failedFuture(new CompletionException(e));
            }
        }
        return stage.thenComposeAsync(next, engine);
    }

    /** Engine thread: {@code action} once {@code stage} completed, at once if it has ({@link #then} says why). */
    private <T> void whenDone(CompletableFuture<T> stage, BiConsumer<? super T, ? super Throwable> action) {
        if (stage.isDone() && !stage.isCompletedExceptionally()) {
            try {
                action.accept(stage.join(), null);
            } catch (RuntimeException e) {
                LOG.warn("{}: negotiation step failed: {}", logContext, e.toString());
            }
            return;
        }
        stage.whenCompleteAsync(action, engine);
    }

    private void remoteDescriptionApplied() {
        remoteDescriptionSet = true;
        List<IceCandidate> pending = new ArrayList<>(pendingCandidates);
        pendingCandidates.clear();
        pending.forEach(this::addCandidate);
    }

    private void addCandidate(IceCandidate candidate) {
        try {
            port.addCandidate(candidate);
        } catch (RuntimeException e) {
            LOG.debug("{}: remote candidate rejected: {}", logContext, e.getMessage());
        }
    }

    private void markNegotiated() {
        if (!negotiated) {
            negotiated = true;
            negotiatedSeen = true;
            events.negotiated();
        }
    }

    private boolean isCurrent(int expected) {
        return expected == generation && port != null && !closed;
    }

    private void requireCurrent(int expected) {
        if (!isCurrent(expected)) {
            throw new CancellationException("negotiation superseded");
        }
    }
}
