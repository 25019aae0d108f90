package dev.callwire.webrtc.internal.media;

import dev.callwire.media.VideoFrame;
import java.nio.ByteBuffer;

/**
 * The pure-Java {@link VideoFrame}: reused storage that {@link #fill} copies an I420 image into, growing only
 * when an image is larger than any before, converted to RGB in Java. {@link BufferFrame} uses it for buffers
 * whose planes are not direct, which libyuv cannot read; frames from libwebrtc are converted natively
 * instead. Scaled conversion is the interface's default (nearest neighbour). The plane packing, bounds check and
 * description are shared with {@link BufferFrame}, so the two views of a frame cannot drift apart. Not thread-safe.
 */
public final class I420Frame implements VideoFrame {

    // Fixed-point BT.601 limited-range coefficients, scaled by 2^10 and tabulated per byte value.
    private static final int SHIFT = 10;
    private static final int[] LUMA = new int[256];
    private static final int[] RED_FROM_V = new int[256];
    private static final int[] GREEN_FROM_U = new int[256];
    private static final int[] GREEN_FROM_V = new int[256];
    private static final int[] BLUE_FROM_U = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            LUMA[i] = (int) Math.round(1.164 * (i - 16) * (1 << SHIFT)) + (1 << (SHIFT - 1));
            RED_FROM_V[i] = (int) Math.round(1.596 * (i - 128) * (1 << SHIFT));
            GREEN_FROM_U[i] = (int) Math.round(-0.391 * (i - 128) * (1 << SHIFT));
            GREEN_FROM_V[i] = (int) Math.round(-0.813 * (i - 128) * (1 << SHIFT));
            BLUE_FROM_U[i] = (int) Math.round(2.018 * (i - 128) * (1 << SHIFT));
        }
    }

    private int width;
    private int height;
    private int rotation;
    private long timestampNanos;
    private byte[] y = new byte[0];
    private byte[] u = new byte[0];
    private byte[] v = new byte[0];

    /** An empty 0x0 frame, to be {@link #fill filled}. */
    public I420Frame() {
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int rotation() {
        return rotation;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public ByteBuffer planeY() {
        return ByteBuffer.wrap(y, 0, width * height).slice().asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer planeU() {
        return ByteBuffer.wrap(u, 0, chromaWidth() * chromaHeight()).slice().asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer planeV() {
        return ByteBuffer.wrap(v, 0, chromaWidth() * chromaHeight()).slice().asReadOnlyBuffer();
    }

    @Override
    public int lumaAt(int x, int yPos) {
        checkInside(x, yPos, width, height);
        return y[yPos * width + x] & 0xff;
    }

    /** The bounds check of {@code lumaAt}, for both views. */
    static void checkInside(int x, int y, int width, int height) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + "," + y + ") is outside " + width + "x" + height);
        }
    }

    /**
     * Copies an I420 image into this frame, growing its storage only when the new image is larger than
     * any before. Source buffers are read with absolute indexes from 0; their positions are untouched.
     *
     * @param width          width in pixels, positive
     * @param height         height in pixels, positive
     * @param rotation       clockwise display rotation in degrees, a multiple of 90 (normalised to 0–270)
     * @param timestampNanos capture timestamp in nanoseconds
     * @param srcY           luma plane, at least {@code srcStrideY * (height - 1) + width} bytes
     * @param srcStrideY     bytes per row of {@code srcY}, at least {@code width}
     * @param srcU           U (Cb) plane of {@code (width + 1) / 2} by {@code (height + 1) / 2} samples
     * @param srcStrideU     bytes per row of {@code srcU}, at least {@code (width + 1) / 2}
     * @param srcV           V (Cr) plane, the same size as {@code srcU}
     * @param srcStrideV     bytes per row of {@code srcV}, at least {@code (width + 1) / 2}
     * @throws IllegalArgumentException  if the size is not positive, the rotation not a multiple of 90, or a
     *                                   stride shorter than its row
     * @throws IndexOutOfBoundsException if a source buffer is too small
     * @throws NullPointerException      if a source buffer is {@code null}
     */
    public void fill(int width, int height, int rotation, long timestampNanos,
                     ByteBuffer srcY, int srcStrideY, ByteBuffer srcU, int srcStrideU, ByteBuffer srcV, int srcStrideV) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (rotation % 90 != 0) {
            throw new IllegalArgumentException("rotation must be a multiple of 90, got " + rotation);
        }
        this.width = width;
        this.height = height;
        this.rotation = ((rotation % 360) + 360) % 360;
        this.timestampNanos = timestampNanos;
        int cw = chromaWidth();
        int ch = chromaHeight();
        if (y.length < width * height) {
            y = new byte[width * height];
        }
        if (u.length < cw * ch) {
            u = new byte[cw * ch];
            v = new byte[cw * ch];
        }
        copyPlane(srcY, srcStrideY, y, width, height);
        copyPlane(srcU, srcStrideU, u, cw, ch);
        copyPlane(srcV, srcStrideV, v, cw, ch);
    }

    /** Packs {@code rows} rows of {@code rowBytes} from a strided plane (read by absolute index) into {@code dst}. */
    static void copyPlane(ByteBuffer src, int srcStride, byte[] dst, int rowBytes, int rows) {
        if (srcStride < rowBytes) {
            throw new IllegalArgumentException("stride " + srcStride + " is smaller than the row (" + rowBytes + ")");
        }
        if (srcStride == rowBytes) {
            src.get(0, dst, 0, rowBytes * rows);
            return;
        }
        for (int row = 0; row < rows; row++) {
            src.get(row * srcStride, dst, row * rowBytes, rowBytes);
        }
    }

    @Override
    public void toArgb(int[] dst) {
        requireCapacity(dst.length, width * height);
        final int w = width;
        final int h = height;
        final int cw = chromaWidth();
        final byte[] py = y;
        final byte[] pu = u;
        final byte[] pv = v;
        // Two luma rows share one chroma row: the chroma terms are computed once per 2x2 block.
        for (int row = 0; row < h; row += 2) {
            final int top = row * w;
            final int bottom = row + 1 < h ? top + w : -1;
            int c = (row >> 1) * cw;
            for (int col = 0; col < w; col += 2, c++) {
                final int cu = pu[c] & 0xff;
                final int cv = pv[c] & 0xff;
                final int rv = RED_FROM_V[cv];
                final int guv = GREEN_FROM_U[cu] + GREEN_FROM_V[cv];
                final int bu = BLUE_FROM_U[cu];
                final boolean pair = col + 1 < w;
                dst[top + col] = pixel(LUMA[py[top + col] & 0xff], rv, guv, bu);
                if (pair) {
                    dst[top + col + 1] = pixel(LUMA[py[top + col + 1] & 0xff], rv, guv, bu);
                }
                if (bottom >= 0) {
                    dst[bottom + col] = pixel(LUMA[py[bottom + col] & 0xff], rv, guv, bu);
                    if (pair) {
                        dst[bottom + col + 1] = pixel(LUMA[py[bottom + col + 1] & 0xff], rv, guv, bu);
                    }
                }
            }
        }
    }

    private static int pixel(int luma, int rv, int guv, int bu) {
        return 0xff000000 | clamp((luma + rv) >> SHIFT) << 16 | clamp((luma + guv) >> SHIFT) << 8
                | clamp((luma + bu) >> SHIFT);
    }

    /** Branch-free on HotSpot (min/max become conditional moves), and no table bounds checks. */
    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    @Override
    public void toRgb(byte[] dst) {
        requireCapacity(dst.length, width * height * 3);
        final int w = width;
        final int cw = chromaWidth();
        for (int row = 0; row < height; row++) {
            int yIndex = row * w;
            int cRow = (row >> 1) * cw;
            int out = yIndex * 3;
            for (int col = 0; col < w; col++, out += 3) {
                int cu = u[cRow + (col >> 1)] & 0xff;
                int cv = v[cRow + (col >> 1)] & 0xff;
                putRgb(pixel(LUMA[y[yIndex + col] & 0xff], RED_FROM_V[cv], GREEN_FROM_U[cu] + GREEN_FROM_V[cv],
                        BLUE_FROM_U[cu]), dst, out);
            }
        }
    }

    /** Writes an ARGB pixel as the three bytes R, G, B at {@code offset}: packed RGB for both views. */
    static void putRgb(int argb, byte[] dst, int offset) {
        dst[offset] = (byte) (argb >> 16);
        dst[offset + 1] = (byte) (argb >> 8);
        dst[offset + 2] = (byte) argb;
    }

    private void requireCapacity(int length, int needed) {
        if (length < needed) {
            throw new IllegalArgumentException("destination holds " + length + " elements, a " + width + "x"
                    + height + " frame needs " + needed);
        }
    }

    @Override
    public String toString() {
        return describe(this);
    }

    static String describe(VideoFrame frame) {
        return "VideoFrame[" + frame.width() + "x" + frame.height() + ", rotation=" + frame.rotation() + ", t="
                + frame.timestampNanos() + "ns]";
    }
}
