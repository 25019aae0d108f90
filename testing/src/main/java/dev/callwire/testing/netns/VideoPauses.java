package dev.callwire.testing.netns;

import java.util.List;

/**
 * When remote video came back after a network change, from the pauses a receiver saw (each: the wall-clock time of
 * the frame that ended it, and its length). On a loaded machine video also pauses for other reasons, so the pause of
 * the change is taken as the longest one that started between {@link #BEFORE_MS} before and {@link #AFTER_MS} after
 * it (frames already in flight or buffered delay the start).
 */
public final class VideoPauses {

    /** A pause may start this long before the recorded change time (the change is recorded when its command ends). */
    public static final long BEFORE_MS = 500;
    /** ... and at most this long after it. */
    public static final long AFTER_MS = 5_000;

    private VideoPauses() {
    }

    /**
     * Milliseconds from {@code changedAt} to the first frame after the pause it caused; -1 if no pause started in the
     * window (yet).
     *
     * @param pauses {@code {endedAtMs, lengthMs}} each
     */
    public static long resumedAfter(List<long[]> pauses, long changedAt) {
        long[] longest = null;
        for (long[] pause : pauses) {
            long start = pause[0] - pause[1];
            if (pause[0] > changedAt && start >= changedAt - BEFORE_MS && start <= changedAt + AFTER_MS
                    && (longest == null || pause[1] > longest[1])) {
                longest = pause;
            }
        }
        return longest == null ? -1 : longest[0] - changedAt;
    }
}
