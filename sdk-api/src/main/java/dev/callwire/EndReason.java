package dev.callwire;

/** Why a call ended. The first five travel in the protocol's {@code bye}; the rest are local. */
public enum EndReason {
    /** Either side hung up. */
    HANGUP,
    /** The callee declined. */
    DECLINED,
    /** The callee is already in a call with this peer. */
    BUSY,
    /** Nobody answered within the ring timeout ({@link CallTimeouts#ring()}). */
    TIMEOUT,
    /**
     * The media path failed (ICE or DTLS) or did not come up within {@link CallTimeouts#connect()},
     * or the call could not be set up.
     */
    FAILED,
    /**
     * The remote peer left the room or its signaling connection dropped: at once for a call still being set
     * up; for a call with media flowing, only if the peer has not come back within {@link CallTimeouts#peerLeftGrace()} (15 s by default).
     */
    PEER_LEFT,
    /** This client left the room or was closed. */
    LEFT_ROOM
}
