package dev.callwire;

/**
 * Why a call moved to a live state, reported with {@link RoomListener#onCallStateChanged(Room, CallSession, CallState,
 * CallStateCause)}. Why a call ended is its {@link EndReason}.
 */
public enum CallStateCause {
    /** The offer/answer exchange completed: the media path is being set up ({@link CallState#CONNECTING}). */
    ANSWERED,
    /** ICE and DTLS connected: media flows ({@link CallState#CONNECTED}), first or again without a restart. */
    MEDIA_CONNECTED,
    /** The media path came back after one or more ICE restarts ({@link CallState#CONNECTED}). */
    ICE_RESTARTED,
    /** ICE lost the media path; it is restarted if that lasts ({@link CallState#RECONNECTING}). */
    MEDIA_DISCONNECTED,
    /** ICE or DTLS failed; ICE is being restarted ({@link CallState#RECONNECTING}). */
    MEDIA_FAILED
}
