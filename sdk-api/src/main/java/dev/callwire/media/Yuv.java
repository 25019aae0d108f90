package dev.callwire.media;

import java.nio.ByteBuffer;

/** The pure-Java conversion behind {@link VideoFrame}'s default methods, for frames the SDK did not make. */
final class Yuv {

    private Yuv() {
    }

    static void checkTarget(int capacity, int unitsPerPixel, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        long needed = (long) width * height * unitsPerPixel;
        if (capacity < needed) {
            throw new IllegalArgumentException("destination holds " + capacity + " elements, " + width + "x" + height
                    + " needs " + needed);
        }
    }

    /** Nearest-neighbour scaling and BT.601 limited-range conversion from the frame's packed planes. */
    static void sample(VideoFrame frame, int[] dst, int width, int height) {
        ByteBuffer y = frame.planeY();
        ByteBuffer u = frame.planeU();
        ByteBuffer v = frame.planeV();
        int srcW = frame.width();
        int srcH = frame.height();
        int cw = frame.chromaWidth();
        for (int row = 0; row < height; row++) {
            int sy = (int) ((2L * row + 1) * srcH / (2L * height)); // the source pixel under the target's centre
            for (int col = 0; col < width; col++) {
                int sx = (int) ((2L * col + 1) * srcW / (2L * width));
                int c = (sy >> 1) * cw + (sx >> 1);
                dst[row * width + col] = argb(y.get(sy * srcW + sx) & 0xff, u.get(c) & 0xff, v.get(c) & 0xff);
            }
        }
    }

    static int argb(int luma, int cb, int cr) {
        double l = 1.164 * (luma - 16);
        int r = clamp(l + 1.596 * (cr - 128));
        int g = clamp(l - 0.391 * (cb - 128) - 0.813 * (cr - 128));
        int b = clamp(l + 2.018 * (cb - 128));
        return 0xff000000 | r << 16 | g << 8 | b;
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
