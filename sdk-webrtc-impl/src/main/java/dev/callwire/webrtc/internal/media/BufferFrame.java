package dev.callwire.webrtc.internal.media;

import dev.callwire.media.VideoFrame;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Objects;

/**
 * The engine's {@link VideoFrame}: a reusable view of a decoded buffer that the caller keeps retained while
 * the view is {@link #bind bound} to it. Conversions run in libyuv straight from the native planes; scaling
 * goes through one reused native buffer per target size, and the full-size ARGB scratch (needed only when
 * the destination is not a direct buffer) is reused too, so steady-state rendering allocates nothing.
 *
 * <p>Buffers whose planes are not direct (none come from libwebrtc, but a buffer is an interface) are copied
 * into an {@link I420Frame} and converted in Java.
 *
 * <p>Not thread-safe: {@link RendererSlot} gives it to one render thread at a time.
 */
final class BufferFrame implements VideoFrame, AutoCloseable {

    private final Libyuv yuv;
    private I420Buffer buffer;
    private int width;
    private int height;
    private int rotation;
    private long timestampNanos;
    private I420Frame javaCopy; // only for buffers without direct planes
    private boolean copied;
    private NativeI420Buffer scaled; // the last target size, reused while it stays the same
    private boolean scaledCurrent; // scaled holds the bound buffer's picture
    private ByteBuffer scratch = ByteBuffer.allocateDirect(0);
    private IntBuffer scratchInts = scratch.asIntBuffer();
    private boolean closed;

    BufferFrame(Libyuv yuv) {
        this.yuv = yuv;
    }

    /** Shows {@code buffer} until {@link #unbind}; the caller holds a reference to it all that time. */
    void bind(I420Buffer buffer, int rotation, long timestampNanos) {
        if (closed) {
            throw new IllegalStateException("frame view is closed");
        }
        this.buffer = buffer;
        this.width = buffer.getWidth();
        this.height = buffer.getHeight();
        this.rotation = ((rotation % 360) + 360) % 360;
        this.timestampNanos = timestampNanos;
        this.scaledCurrent = false;
        this.copied = false;
        if (!(buffer instanceof NativeI420Buffer) && !hasDirectPlanes(buffer)) {
            if (javaCopy == null) {
                javaCopy = new I420Frame();
            }
            javaCopy.fill(width, height, this.rotation, timestampNanos, buffer.getDataY(), buffer.getStrideY(),
                    buffer.getDataU(), buffer.getStrideU(), buffer.getDataV(), buffer.getStrideV());
            copied = true;
        }
    }

    private static boolean hasDirectPlanes(I420Buffer buffer) {
        return buffer.getDataY().isDirect() && buffer.getDataU().isDirect() && buffer.getDataV().isDirect();
    }

    void unbind() {
        buffer = null;
        scaledCurrent = false;
    }

    /** Whether the bound buffer is converted in Java (its planes are not direct). */
    boolean convertsInJava() {
        return copied;
    }

    /** Frees the scaling buffer; idempotent. The view must not be bound again. */
    @Override
    public void close() {
        closed = true;
        buffer = null;
        if (scaled != null) {
            scaled.release();
            scaled = null;
        }
        scratch = ByteBuffer.allocateDirect(0);
        scratchInts = scratch.asIntBuffer();
    }

    private I420Buffer bound() {
        if (buffer == null) {
            throw new IllegalStateException("a video frame may only be read until onFrame returns");
        }
        return buffer;
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
        I420Buffer b = bound();
        return copied ? javaCopy.planeY() : packed(b.getDataY(), b.getStrideY(), width, height);
    }

    @Override
    public ByteBuffer planeU() {
        I420Buffer b = bound();
        return copied ? javaCopy.planeU() : packed(b.getDataU(), b.getStrideU(), chromaWidth(), chromaHeight());
    }

    @Override
    public ByteBuffer planeV() {
        I420Buffer b = bound();
        return copied ? javaCopy.planeV() : packed(b.getDataV(), b.getStrideV(), chromaWidth(), chromaHeight());
    }

    /** A read-only view when rows are already packed; a packed copy when the stride pads them. */
    private static ByteBuffer packed(ByteBuffer plane, int stride, int row, int rows) {
        if (stride == row) {
            return plane.slice(0, row * rows).asReadOnlyBuffer();
        }
        byte[] copy = new byte[row * rows];
        I420Frame.copyPlane(plane, stride, copy, row, rows);
        return ByteBuffer.wrap(copy).asReadOnlyBuffer();
    }

    @Override
    public int lumaAt(int x, int y) {
        I420Buffer b = bound();
        I420Frame.checkInside(x, y, width, height);
        return copied ? javaCopy.lumaAt(x, y) : b.getDataY().get(y * b.getStrideY() + x) & 0xff;
    }

    @Override
    public void toArgb(int[] dst) {
        toArgb(dst, width, height);
    }

    @Override
    public void toArgb(int[] dst, int targetWidth, int targetHeight) {
        Objects.requireNonNull(dst, "dst");
        I420Buffer source = sourceFor(dst.length, 1, targetWidth, targetHeight);
        if (copied) {
            javaCopy.toArgb(dst, targetWidth, targetHeight);
            return;
        }
        int pixels = targetWidth * targetHeight;
        yuv.toArgb(source, scratch(pixels));
        scratchInts.get(0, dst, 0, pixels);
    }

    @Override
    public void toArgb(ByteBuffer dst, int targetWidth, int targetHeight) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination buffer is read-only");
        }
        I420Buffer source = sourceFor(dst.capacity(), 4, targetWidth, targetHeight);
        if (copied) {
            javaCopy.toArgb(dst, targetWidth, targetHeight);
            return;
        }
        if (dst.isDirect()) {
            yuv.toArgb(source, dst); // straight into the caller's memory
            return;
        }
        int bytes = 4 * targetWidth * targetHeight;
        yuv.toArgb(source, scratch(targetWidth * targetHeight));
        dst.put(0, scratch, 0, bytes);
    }

    @Override
    public void toRgb(byte[] dst) {
        Objects.requireNonNull(dst, "dst");
        bound();
        long needed = 3L * width * height;
        if (dst.length < needed) {
            throw new IllegalArgumentException("destination holds " + dst.length + " bytes, a " + width + "x" + height
                    + " frame needs " + needed);
        }
        if (copied) {
            javaCopy.toRgb(dst);
            return;
        }
        int pixels = width * height;
        yuv.toArgb(buffer, scratch(pixels));
        for (int i = 0; i < pixels; i++) {
            I420Frame.putRgb(scratchInts.get(i), dst, 3 * i);
        }
    }

    /** Validates the target and returns the buffer to convert: the bound one, or it scaled to the target. */
    private I420Buffer sourceFor(int capacity, int unitsPerPixel, int targetWidth, int targetHeight) {
        I420Buffer b = bound();
        if (targetWidth <= 0 || targetHeight <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + targetWidth + "x" + targetHeight);
        }
        long needed = (long) targetWidth * targetHeight * unitsPerPixel;
        if (capacity < needed) {
            throw new IllegalArgumentException("destination holds " + capacity + " elements, " + targetWidth + "x"
                    + targetHeight + " needs " + needed);
        }
        if (copied || (targetWidth == width && targetHeight == height)) {
            return b;
        }
        if (scaled == null || scaled.getWidth() != targetWidth || scaled.getHeight() != targetHeight) {
            if (scaled != null) {
                scaled.release();
                scaled = null;
            }
            scaled = NativeI420Buffer.allocate(targetWidth, targetHeight);
            scaledCurrent = false;
        }
        if (!scaledCurrent) {
            yuv.scale(b, scaled);
            scaledCurrent = true;
        }
        return scaled;
    }

    private ByteBuffer scratch(int pixels) {
        if (scratch.capacity() < 4 * pixels) {
            scratch = ByteBuffer.allocateDirect(4 * pixels).order(ByteOrder.LITTLE_ENDIAN);
            scratchInts = scratch.asIntBuffer();
        }
        return scratch;
    }

    @Override
    public String toString() {
        return I420Frame.describe(this);
    }
}
