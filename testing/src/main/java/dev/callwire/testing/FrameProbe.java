package dev.callwire.testing;

import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoFrame;
import java.util.concurrent.atomic.AtomicLong;

/** A renderer that records what it was shown: frame count, size, and whether the picture changes. */
public final class FrameProbe implements MediaRenderer {

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong changedFrames = new AtomicLong();
    private volatile int width;
    private volatile int height;
    private volatile long lastChecksum = Long.MIN_VALUE;
    private volatile int maxLuma;
    private volatile int centerArgb;
    private int[] argb = new int[0];

    @Override
    public void onFrame(VideoFrame frame) {
        width = frame.width();
        height = frame.height();
        if (argb.length < frame.width() * frame.height()) {
            argb = new int[frame.width() * frame.height()];
        }
        frame.toArgb(argb); // exercises the conversion a toolkit would use
        centerArgb = argb[(frame.height() / 2) * frame.width() + frame.width() / 2];
        long checksum = 0;
        int brightest = 0;
        var luma = frame.planeY();
        for (int i = 0; i < luma.limit(); i += 7) {
            int value = luma.get(i) & 0xff;
            checksum = checksum * 31 + value;
            brightest = Math.max(brightest, value);
        }
        if (checksum != lastChecksum) {
            changedFrames.incrementAndGet();
        }
        lastChecksum = checksum;
        maxLuma = Math.max(maxLuma, brightest);
        frames.incrementAndGet();
    }

    public long frames() {
        return frames.get();
    }

    /** Frames whose picture differed from the one before: moving video, not a frozen frame. */
    public long changedFrames() {
        return changedFrames.get();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The colour (0xAARRGGBB) at the centre of the last frame. */
    public int centerArgb() {
        return centerArgb;
    }

    /** Brightest luma seen: 16 is black, 235 white. */
    public int maxLuma() {
        return maxLuma;
    }

    @Override
    public String toString() {
        return "FrameProbe[" + frames() + " frames, " + width + "x" + height + ", " + changedFrames() + " changed]";
    }
}
