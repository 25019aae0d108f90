package dev.callwire;

/** Who started a call. */
public enum CallDirection {
    /** This client called. */
    OUTGOING,
    /** The remote peer called. */
    INCOMING
}
