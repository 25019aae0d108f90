package dev.callwire.webrtc.internal;

/**
 * How many frames the warm-up's pair may push before it gives up waiting for one to come out rendered: the
 * rehearsal's extra work stays bounded even where the pair never connects (no usable network). Not thread-safe:
 * the pair's thread only.
 */
final class FrameBudget {

    private final int max;
    private int pushed;
    private boolean rendered;

    FrameBudget(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one frame, got " + max);
        }
        this.max = max;
    }

    /** Whether one more frame may be pushed (and counts it): none once a frame was rendered or all were spent. */
    boolean take() {
        if (rendered || pushed >= max) {
            return false;
        }
        pushed++;
        return true;
    }

    /** A frame came out at the other end: no more are needed. */
    void rendered() {
        rendered = true;
    }

    /** Every frame was pushed and none came out rendered. */
    boolean spent() {
        return !rendered && pushed >= max;
    }

    int pushed() {
        return pushed;
    }
}
