package dev.callwire;

/**
 * Where a {@link CallSession} is in its life. A call moves forward through
 * {@code RINGING → CONNECTING → CONNECTED}, may go {@code CONNECTED → RECONNECTING → CONNECTED} while
 * the network recovers, and ends in {@code ENDED}, which is final.
 */
public enum CallState {
    /** Outgoing: the offer is out, waiting for the answer. Incoming: waiting for {@code accept()} or {@code decline()}. */
    RINGING,
    /** Answered; ICE and DTLS are setting up the media path. */
    CONNECTING,
    /** Media flows. */
    CONNECTED,
    /** The media path was interrupted; WebRTC is trying to restore it. */
    RECONNECTING,
    /** Over; {@link CallSession#endReason()} says why. */
    ENDED;

    /**
     * Whether this state is final.
     *
     * @return {@code true} for {@link #ENDED} only
     */
    public boolean isEnded() {
        return this == ENDED;
    }
}
