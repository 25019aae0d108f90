package dev.callwire.media;

import java.nio.ByteBuffer;

/**
 * One decoded video frame in I420 (YUV 4:2:0 planar) form, owned by the SDK.
 *
 * <p>A renderer gets a frame in {@link MediaRenderer#onFrame} and may read it only until that call
 * returns: the SDK reuses frames, so steady-state rendering allocates nothing. The planes are
 * tightly packed: the luma stride is {@link #width()}, the chroma stride is {@code (width + 1) / 2}.
 *
 * <p>{@link #toArgb(int[])} and {@link #toRgb(byte[])} convert to the packed formats UI toolkits use
 * (BT.601 limited range, the colour space WebRTC decoders produce), without allocating.
 *
 * <p>Frames are filled by engines (and tests) through {@link #fill}; a renderer never calls it.
 * A frame is not thread-safe.
 */
public final class VideoFrame {

    // Fixed-point BT.601 limited-range coefficients, scaled by 2^10 and tabulated per byte value.
    private static final int SHIFT = 10;
    private static final int[] LUMA = new int[256];
    private static final int[] RED_FROM_V = new int[256];
    private static final int[] GREEN_FROM_U = new int[256];
    private static final int[] GREEN_FROM_V = new int[256];
    private static final int[] BLUE_FROM_U = new int[256];
    private static final int CLAMP_OFFSET = 512;
    private static final int[] CLAMP = new int[1536];

    static {
        for (int i = 0; i < 256; i++) {
            LUMA[i] = (int) Math.round(1.164 * (i - 16) * (1 << SHIFT)) + (1 << (SHIFT - 1));
            RED_FROM_V[i] = (int) Math.round(1.596 * (i - 128) * (1 << SHIFT));
            GREEN_FROM_U[i] = (int) Math.round(-0.391 * (i - 128) * (1 << SHIFT));
            GREEN_FROM_V[i] = (int) Math.round(-0.813 * (i - 128) * (1 << SHIFT));
            BLUE_FROM_U[i] = (int) Math.round(2.018 * (i - 128) * (1 << SHIFT));
        }
        for (int i = 0; i < CLAMP.length; i++) {
            CLAMP[i] = Math.max(0, Math.min(255, i - CLAMP_OFFSET));
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
    public VideoFrame() {
    }

    /** Width in pixels (before rotation). */
    public int width() {
        return width;
    }

    /** Height in pixels (before rotation). */
    public int height() {
        return height;
    }

    /** Clockwise rotation in degrees to apply when displaying: 0, 90, 180 or 270. */
    public int rotation() {
        return rotation;
    }

    /** Capture timestamp in nanoseconds, on the sender's WebRTC clock. */
    public long timestampNanos() {
        return timestampNanos;
    }

    public int strideY() {
        return width;
    }

    public int strideU() {
        return chromaWidth();
    }

    public int strideV() {
        return chromaWidth();
    }

    /** Width of the chroma planes: {@code (width + 1) / 2}. */
    public int chromaWidth() {
        return (width + 1) / 2;
    }

    /** Height of the chroma planes: {@code (height + 1) / 2}. */
    public int chromaHeight() {
        return (height + 1) / 2;
    }

    /** A read-only view of the luma plane, valid while the frame is. */
    public ByteBuffer planeY() {
        return ByteBuffer.wrap(y, 0, width * height).slice().asReadOnlyBuffer();
    }

    /** A read-only view of the U (Cb) plane, valid while the frame is. */
    public ByteBuffer planeU() {
        return ByteBuffer.wrap(u, 0, chromaWidth() * chromaHeight()).slice().asReadOnlyBuffer();
    }

    /** A read-only view of the V (Cr) plane, valid while the frame is. */
    public ByteBuffer planeV() {
        return ByteBuffer.wrap(v, 0, chromaWidth() * chromaHeight()).slice().asReadOnlyBuffer();
    }

    /** The luma value (0–255) at a pixel. */
    public int lumaAt(int x, int yPos) {
        if (x < 0 || x >= width || yPos < 0 || yPos >= height) {
            throw new IndexOutOfBoundsException("(" + x + "," + yPos + ") is outside " + width + "x" + height);
        }
        return y[yPos * width + x] & 0xff;
    }

    /**
     * Copies an I420 image into this frame, growing its storage only when the new image is larger than
     * any before. Source buffers are read with absolute indexes from 0; their positions are untouched.
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

    private static void copyPlane(ByteBuffer src, int srcStride, byte[] dst, int rowBytes, int rows) {
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

    /**
     * Converts to packed {@code 0xAARRGGBB} pixels (alpha opaque), row by row, as
     * {@code BufferedImage.TYPE_INT_ARGB} and {@code TYPE_INT_RGB} store them.
     *
     * @param dst at least {@code width * height} ints
     */
    public void toArgb(int[] dst) {
        requireCapacity(dst.length, width * height);
        final int w = width;
        final int cw = chromaWidth();
        final byte[] py = y;
        final byte[] pu = u;
        final byte[] pv = v;
        for (int row = 0; row < height; row++) {
            int yIndex = row * w;
            int cIndex = (row >> 1) * cw;
            int col = 0;
            for (; col + 1 < w; col += 2, cIndex++) {
                int cu = pu[cIndex] & 0xff;
                int cv = pv[cIndex] & 0xff;
                int rv = RED_FROM_V[cv];
                int guv = GREEN_FROM_U[cu] + GREEN_FROM_V[cv];
                int bu = BLUE_FROM_U[cu];
                int l0 = LUMA[py[yIndex + col] & 0xff];
                int l1 = LUMA[py[yIndex + col + 1] & 0xff];
                dst[yIndex + col] = 0xff000000 | CLAMP[((l0 + rv) >> SHIFT) + CLAMP_OFFSET] << 16
                        | CLAMP[((l0 + guv) >> SHIFT) + CLAMP_OFFSET] << 8 | CLAMP[((l0 + bu) >> SHIFT) + CLAMP_OFFSET];
                dst[yIndex + col + 1] = 0xff000000 | CLAMP[((l1 + rv) >> SHIFT) + CLAMP_OFFSET] << 16
                        | CLAMP[((l1 + guv) >> SHIFT) + CLAMP_OFFSET] << 8 | CLAMP[((l1 + bu) >> SHIFT) + CLAMP_OFFSET];
            }
            if (col < w) { // odd width: the last column has its own chroma sample
                int cu = pu[cIndex] & 0xff;
                int cv = pv[cIndex] & 0xff;
                int l0 = LUMA[py[yIndex + col] & 0xff];
                dst[yIndex + col] = 0xff000000 | CLAMP[((l0 + RED_FROM_V[cv]) >> SHIFT) + CLAMP_OFFSET] << 16
                        | CLAMP[((l0 + GREEN_FROM_U[cu] + GREEN_FROM_V[cv]) >> SHIFT) + CLAMP_OFFSET] << 8
                        | CLAMP[((l0 + BLUE_FROM_U[cu]) >> SHIFT) + CLAMP_OFFSET];
            }
        }
    }

    /**
     * Converts to packed 24-bit RGB: three bytes per pixel in the order R, G, B, row by row.
     *
     * @param dst at least {@code width * height * 3} bytes
     */
    public void toRgb(byte[] dst) {
        requireCapacity(dst.length, width * height * 3);
        final int w = width;
        final int cw = chromaWidth();
        for (int row = 0; row < height; row++) {
            int yIndex = row * w;
            int cRow = (row >> 1) * cw;
            int out = yIndex * 3;
            for (int col = 0; col < w; col++) {
                int cIndex = cRow + (col >> 1);
                int cu = u[cIndex] & 0xff;
                int cv = v[cIndex] & 0xff;
                int l = LUMA[y[yIndex + col] & 0xff];
                dst[out++] = (byte) CLAMP[((l + RED_FROM_V[cv]) >> SHIFT) + CLAMP_OFFSET];
                dst[out++] = (byte) CLAMP[((l + GREEN_FROM_U[cu] + GREEN_FROM_V[cv]) >> SHIFT) + CLAMP_OFFSET];
                dst[out++] = (byte) CLAMP[((l + BLUE_FROM_U[cu]) >> SHIFT) + CLAMP_OFFSET];
            }
        }
    }

    private void requireCapacity(int length, int needed) {
        if (length < needed) {
            throw new IllegalArgumentException("destination holds " + length + " elements, a " + width + "x"
                    + height + " frame needs " + needed);
        }
    }

    @Override
    public String toString() {
        return "VideoFrame[" + width + "x" + height + ", rotation=" + rotation + ", t=" + timestampNanos + "ns]";
    }
}
