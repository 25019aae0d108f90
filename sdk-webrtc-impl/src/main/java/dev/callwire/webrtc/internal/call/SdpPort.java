package dev.callwire.webrtc.internal.call;

import dev.callwire.protocol.IceCandidate;
import java.util.concurrent.CompletableFuture;

/**
 * The libwebrtc operations negotiation needs, and nothing else: the seam that lets {@link Negotiator} run
 * in unit tests against a fake. Futures may complete on any thread (libwebrtc's signaling thread in
 * production); the negotiator continues on the engine thread.
 */
public interface SdpPort {

    /** The subset of RTCSignalingState negotiation decisions depend on. */
    enum SignalingState { STABLE, HAVE_LOCAL_OFFER, HAVE_REMOTE_OFFER, OTHER }

    /** Which side of an exchange a description is. */
    enum Kind { OFFER, ANSWER }

    CompletableFuture<String> createOffer();

    CompletableFuture<String> createAnswer();

    CompletableFuture<Void> setLocal(Kind kind, String sdp);

    CompletableFuture<Void> setRemote(Kind kind, String sdp);

    /** Undoes our own unanswered local offer (perfect negotiation, polite side). */
    CompletableFuture<Void> rollback();

    /** Applies one remote candidate; a candidate libwebrtc rejects is reported by an exception. */
    void addCandidate(IceCandidate candidate);

    SignalingState signalingState();

    /** Marks the connection for an ICE restart; libwebrtc then asks for renegotiation. */
    void restartIce();
}
