package dev.callwire.media;

import java.nio.ByteBuffer;
import java.util.Objects;

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
 * allocating. {@link #toArgb(int[], int, int)} and {@link #toArgb(ByteBuffer, int, int)} scale while they
 * convert: a renderer asks for the size it shows, so a 1080p stream in a small tile costs little. The SDK's
 * frames do both in native code (libyuv), straight into the caller's buffer.
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

    /**
     * Scales to {@code width x height} and converts to packed {@code 0xAARRGGBB} pixels (alpha opaque), row
     * by row, as {@link #toArgb(int[])} does. The whole picture is scaled (no cropping), so a caller keeping
     * the aspect ratio asks for a size of the same shape. Rotation is not applied: the size is that of the
     * unrotated picture. The SDK's frames scale with a box filter in native code and allocate nothing.
     *
     * <p>The default implementation, for frames implemented elsewhere (test doubles), converts at full size
     * with {@link #toArgb(int[])} when the size is unchanged and otherwise samples the planes (nearest
     * neighbour).
     *
     * @param dst    at least {@code width * height} ints; pixels are written from index 0
     * @param width  target width in pixels, positive
     * @param height target height in pixels, positive
     * @throws IllegalArgumentException if a size is not positive or {@code dst} is too small
     * @throws NullPointerException     if {@code dst} is {@code null}
     */
    default void toArgb(int[] dst, int width, int height) {
        Objects.requireNonNull(dst, "dst");
        Yuv.checkTarget(dst.length, 1, width, height);
        if (width == width() && height == height()) {
            toArgb(dst);
        } else {
            Yuv.sample(this, dst, width, height);
        }
    }

    /**
     * Scales to {@code width x height} and converts into a byte buffer, four bytes per pixel in the memory
     * order B, G, R, A (alpha opaque): {@code 0xAARRGGBB} read as a little-endian int, the layout of JavaFX's
     * {@code PixelFormat.getByteBgraPreInstance()} and OpenGL's {@code GL_BGRA}. Bytes are written from index 0;
     * the buffer's position, limit and byte order are ignored and unchanged. The SDK's frames write a direct
     * buffer in native code with no intermediate copy, and allocate nothing. Scaling and rotation as in
     * {@link #toArgb(int[], int, int)}.
     *
     * <p>The default implementation converts with {@link #toArgb(int[], int, int)} into a new array.
     *
     * @param dst    a writable buffer of at least {@code 4 * width * height} bytes
     * @param width  target width in pixels, positive
     * @param height target height in pixels, positive
     * @throws IllegalArgumentException if a size is not positive, {@code dst} is too small or read-only
     * @throws NullPointerException     if {@code dst} is {@code null}
     */
    default void toArgb(ByteBuffer dst, int width, int height) {
        Objects.requireNonNull(dst, "dst");
        Yuv.checkTarget(dst.capacity(), 4, width, height);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination buffer is read-only");
        }
        int[] pixels = new int[width * height];
        toArgb(pixels, width, height);
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            dst.put(4 * i, (byte) p).put(4 * i + 1, (byte) (p >> 8)).put(4 * i + 2, (byte) (p >> 16))
                    .put(4 * i + 3, (byte) (p >>> 24));
        }
    }
}
