package dev.callwire.webrtc.internal.call;

/**
 * What to do with an {@code offer}, by the protocol's negotiation rules (perfect negotiation with the
 * lower peer id polite). Pure logic; see {@link #decide}.
 */
public enum OfferDecision {
    /** A new call: surface it as incoming. */
    RING,
    /** Renegotiation of a live call, no collision: apply and answer automatically. */
    ANSWER,
    /** Our own offer collided and we are polite: roll it back, then apply and answer. */
    ROLLBACK_AND_ANSWER,
    /** Our own offer collided and we are impolite: ignore theirs, ours wins. */
    IGNORE,
    /** Two new calls crossed (both called at once) and we are polite: give our call their id and answer. */
    ADOPT_THEIR_CALL,
    /** A new call while a call with that peer is already up: answer {@code bye busy}. */
    BUSY,
    /** The offer belongs to a call that ended: drop it. */
    STALE;

    /** Plain string comparison decides who gives way, exactly as PROTOCOL.md says. */
    public static boolean isPolite(String selfId, String remoteId) {
        return selfId.compareTo(remoteId) < 0;
    }

    /**
     * @param knownCall         the offer's call id is a live call of ours
     * @param endedCall         the offer's call id belongs to a call that already ended
     * @param otherCallWithPeer we have a live call with the sender under another id
     * @param otherIsUnansweredOutgoing that other call is ours, still waiting for its answer
     * @param makingOffer       (known call) we are creating or have sent an offer not yet answered
     * @param stable            (known call) the peer connection's signaling state is stable
     * @param polite            we are the polite side
     */
    public static OfferDecision decide(boolean knownCall, boolean endedCall, boolean otherCallWithPeer,
                                boolean otherIsUnansweredOutgoing, boolean makingOffer, boolean stable, boolean polite) {
        if (endedCall) {
            return STALE;
        }
        if (knownCall) {
            boolean collision = makingOffer || !stable;
            if (!collision) {
                return ANSWER;
            }
            return polite ? ROLLBACK_AND_ANSWER : IGNORE;
        }
        if (!otherCallWithPeer) {
            return RING;
        }
        if (otherIsUnansweredOutgoing) {
            return polite ? ADOPT_THEIR_CALL : IGNORE;
        }
        return BUSY;
    }
}
