package dev.callwire.media;

import java.nio.ByteBuffer;

/**
 * One decoded video frame in I420 (YUV 4:2:0 planar) form, owned by the SDK. Read-only: a renderer
 * reads the picture, it never changes it.
 *
 * <p>A renderer gets a frame in {@link MediaRenderer#onFrame} and may read it only until that call
 * returns: the SDK reuses frames, so steady-state rendering allocates nothing. The planes are tightly
 * packed: a luma row is {@link #width()} bytes and a chroma row {@link #chromaWidth()} bytes, each row
 * directly after the one before.
 *
 * <p>{@link #toArgb(int[])} and {@link #toRgb(byte[])} convert into a buffer the caller owns, in the
 * packed formats UI toolkits use (BT.601 limited range, the colour space WebRTC decoders produce), without
 * allocating.
 *
 * <p>Engines implement this interface; an application only reads frames (or implements it as a test
 * double for its own renderer). A frame is not thread-safe: read it on the thread that called
 * {@code onFrame}.
 */
public interface VideoFrame {

    /**
     * Width in pixels (before rotation).
     *
     * @return the width, positive
     */
    int width();

    /**
     * Height in pixels (before rotation).
     *
     * @return the height, positive
     */
    int height();

    /**
     * Clockwise rotation to apply when displaying. The planes are not rotated; a renderer that ignores
     * this shows a rotated camera's picture sideways.
     *
     * @return 0, 90, 180 or 270 degrees
     */
    int rotation();

    /**
     * Capture timestamp in nanoseconds, on the sender's WebRTC clock. Only differences between frames of
     * one stream are meaningful; it is not wall-clock time.
     *
     * @return the timestamp in nanoseconds
     */
    long timestampNanos();

    /**
     * Width of the chroma planes, which is also their row length in bytes.
     *
     * @return {@code (width() + 1) / 2}
     */
    default int chromaWidth() {
        return (width() + 1) / 2;
    }

    /**
     * Height of the chroma planes.
     *
     * @return {@code (height() + 1) / 2}
     */
    default int chromaHeight() {
        return (height() + 1) / 2;
    }

    /**
     * A read-only view of the luma plane, valid while the frame is (until {@code onFrame} returns).
     * Allocates a small buffer object per call, not the pixels.
     *
     * @return a new read-only buffer of {@code width() * height()} bytes at position 0, never {@code null}
     */
    ByteBuffer planeY();

    /**
     * A read-only view of the U (Cb) plane, valid while the frame is.
     *
     * @return a new read-only buffer of {@code chromaWidth() * chromaHeight()} bytes at position 0, never
     *         {@code null}
     */
    ByteBuffer planeU();

    /**
     * A read-only view of the V (Cr) plane, valid while the frame is.
     *
     * @return a new read-only buffer of {@code chromaWidth() * chromaHeight()} bytes at position 0, never
     *         {@code null}
     */
    ByteBuffer planeV();

    /**
     * The luma value at a pixel.
     *
     * @param x column, from 0 to {@code width() - 1}
     * @param y row, from 0 to {@code height() - 1}
     * @return the luma value, 0–255
     * @throws IndexOutOfBoundsException if the pixel is outside the frame
     */
    int lumaAt(int x, int y);

    /**
     * Converts to packed {@code 0xAARRGGBB} pixels (alpha opaque), row by row, as
     * {@code BufferedImage.TYPE_INT_ARGB} and {@code TYPE_INT_RGB} store them. Allocates nothing.
     *
     * @param dst at least {@code width() * height()} ints; pixels are written from index 0
     * @throws IllegalArgumentException if {@code dst} is too small
     * @throws NullPointerException     if {@code dst} is {@code null}
     */
    void toArgb(int[] dst);

    /**
     * Converts to packed 24-bit RGB: three bytes per pixel in the order R, G, B, row by row. Allocates
     * nothing.
     *
     * @param dst at least {@code width() * height() * 3} bytes; pixels are written from index 0
     * @throws IllegalArgumentException if {@code dst} is too small
     * @throws NullPointerException     if {@code dst} is {@code null}
     */
    void toRgb(byte[] dst);
}
