package dev.callwire;

/** Which ICE candidates a call may use. */
public enum IceTransportPolicy {
    /** Host, server-reflexive and relay candidates: the usual choice. */
    ALL,
    /** Only TURN relay candidates: hides the client's addresses from the peer, needs a TURN server. */
    RELAY
}
