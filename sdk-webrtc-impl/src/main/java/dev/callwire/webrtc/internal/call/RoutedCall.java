package dev.callwire.webrtc.internal.call;

import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.IceCandidate;

/**
 * A call as the room's signaling router sees it: what it needs to decide about an offer, and where each
 * directed message of the call goes. Engine thread only. Kept apart from the public {@code CallSession}
 * so the routing logic is unit-tested with plain fakes.
 */
public interface RoutedCall {

    String id();

    String peerId();

    /** Our outgoing call, still waiting for its first answer: the one that may give way in glare. */
    boolean isUnansweredOutgoing();

    /** We are creating, or have sent and not yet seen answered, an offer. */
    boolean isMakingOffer();

    /** The signaling state is stable (no half-finished exchange). */
    boolean isSignalingStable();

    /** A remote offer inside this call; {@code rollbackFirst} when ours collided and we are polite. */
    void onRemoteOffer(String sdp, boolean rollbackFirst);

    /** Both sides called at once and we are polite: take their call id and answer their offer. */
    void adopt(String theirCallId, String sdp);

    void onRemoteAnswer(String sdp);

    /** A remote candidate; {@code null} is end-of-candidates. */
    void onRemoteCandidate(IceCandidate candidate);

    void onRemoteBye(ByeReason reason);

    /** The peer left signaling: the call ends now, or after a grace period if media flows. */
    void onPeerLeft();

    /** The peer is back on signaling (it resumed its id) while the call went on. */
    void onPeerReturned();
}
