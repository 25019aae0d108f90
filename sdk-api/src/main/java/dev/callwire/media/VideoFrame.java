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
    public VideoFrame() {
    }

    /**
     * Width in pixels (before rotation).
     *
     * @return the width, positive once filled; 0 for a new frame
     */
    public int width() {
        return width;
    }

    /**
     * Height in pixels (before rotation).
     *
     * @return the height, positive once filled; 0 for a new frame
     */
    public int height() {
        return height;
    }

    /**
     * Clockwise rotation to apply when displaying. The planes are not rotated; a renderer that ignores
     * this shows a rotated camera's picture sideways.
     *
     * @return 0, 90, 180 or 270 degrees
     */
    public int rotation() {
        return rotation;
    }

    /**
     * Capture timestamp in nanoseconds, on the sender's WebRTC clock. Only differences between frames of
     * one stream are meaningful; it is not wall-clock time.
     *
     * @return the timestamp in nanoseconds
     */
    public long timestampNanos() {
        return timestampNanos;
    }

    /**
     * Bytes from one row of the luma plane to the next; planes are tightly packed, so this is the width.
     *
     * @return the luma stride, equal to {@link #width()}
     */
    public int strideY() {
        return width;
    }

    /**
     * Bytes from one row of the U (Cb) plane to the next.
     *
     * @return the U stride, equal to {@link #chromaWidth()}
     */
    public int strideU() {
        return chromaWidth();
    }

    /**
     * Bytes from one row of the V (Cr) plane to the next.
     *
     * @return the V stride, equal to {@link #chromaWidth()}
     */
    public int strideV() {
        return chromaWidth();
    }

    /**
     * Width of the chroma planes.
     *
     * @return {@code (width + 1) / 2}
     */
    public int chromaWidth() {
        return (width + 1) / 2;
    }

    /**
     * Height of the chroma planes.
     *
     * @return {@code (height + 1) / 2}
     */
    public int chromaHeight() {
        return (height + 1) / 2;
    }

    /**
     * A read-only view of the luma plane, valid while the frame is (until {@code onFrame} returns).
     * Allocates a small buffer object per call, not the pixels.
     *
     * @return a new read-only buffer of {@code width * height} bytes at position 0, never {@code null}
     */
    public ByteBuffer planeY() {
        return ByteBuffer.wrap(y, 0, width * height).slice().asReadOnlyBuffer();
    }

    /**
     * A read-only view of the U (Cb) plane, valid while the frame is.
     *
     * @return a new read-only buffer of {@code chromaWidth() * chromaHeight()} bytes at position 0, never
     *         {@code null}
     */
    public ByteBuffer planeU() {
        return ByteBuffer.wrap(u, 0, chromaWidth() * chromaHeight()).slice().asReadOnlyBuffer();
    }

    /**
     * A read-only view of the V (Cr) plane, valid while the frame is.
     *
     * @return a new read-only buffer of {@code chromaWidth() * chromaHeight()} bytes at position 0, never
     *         {@code null}
     */
    public ByteBuffer planeV() {
        return ByteBuffer.wrap(v, 0, chromaWidth() * chromaHeight()).slice().asReadOnlyBuffer();
    }

    /**
     * The luma value at a pixel.
     *
     * @param x    column, from 0 to {@code width() - 1}
     * @param yPos row, from 0 to {@code height() - 1}
     * @return the luma value, 0–255
     * @throws IndexOutOfBoundsException if the pixel is outside the frame
     */
    public int lumaAt(int x, int yPos) {
        if (x < 0 || x >= width || yPos < 0 || yPos >= height) {
            throw new IndexOutOfBoundsException("(" + x + "," + yPos + ") is outside " + width + "x" + height);
        }
        return y[yPos * width + x] & 0xff;
    }

    /**
     * Copies an I420 image into this frame, growing its storage only when the new image is larger than
     * any before. Source buffers are read with absolute indexes from 0; their positions are untouched.
     * For engines and tests; a renderer never calls it.
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
     * @param dst at least {@code width * height} ints; pixels are written from index 0
     * @throws IllegalArgumentException if {@code dst} is too small
     * @throws NullPointerException     if {@code dst} is {@code null}
     */
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

    /**
     * Converts to packed 24-bit RGB: three bytes per pixel in the order R, G, B, row by row.
     *
     * @param dst at least {@code width * height * 3} bytes; pixels are written from index 0
     * @throws IllegalArgumentException if {@code dst} is too small
     * @throws NullPointerException     if {@code dst} is {@code null}
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
                dst[out++] = (byte) clamp((l + RED_FROM_V[cv]) >> SHIFT);
                dst[out++] = (byte) clamp((l + GREEN_FROM_U[cu] + GREEN_FROM_V[cv]) >> SHIFT);
                dst[out++] = (byte) clamp((l + BLUE_FROM_U[cu]) >> SHIFT);
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
