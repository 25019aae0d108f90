package dev.callwire.webrtc.internal.media;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An I420 buffer that counts references: starts with one (the producer's), like a frame from libwebrtc.
 * Planes in heap buffers (the Java fallback) or delegated to a native buffer.
 */
final class CountingBuffer implements I420Buffer {

    final AtomicInteger references = new AtomicInteger(1);
    final AtomicInteger retains = new AtomicInteger();
    private final ByteBuffer y;
    private final ByteBuffer u;
    private final ByteBuffer v;
    private final int width;
    private final int height;
    private final int strideY;
    private final int strideC;

    private CountingBuffer(ByteBuffer y, ByteBuffer u, ByteBuffer v, int width, int height, int strideY, int strideC) {
        this.y = y;
        this.u = u;
        this.v = v;
        this.width = width;
        this.height = height;
        this.strideY = strideY;
        this.strideC = strideC;
    }

    static CountingBuffer heap(byte[][] planes, int width, int height) {
        return new CountingBuffer(ByteBuffer.wrap(planes[0]), ByteBuffer.wrap(planes[1]), ByteBuffer.wrap(planes[2]),
                width, height, width, (width + 1) / 2);
    }

    /** A flat grey picture of luma {@code luma}, in heap buffers. */
    static CountingBuffer flat(int width, int height, int luma) {
        byte[] yPlane = new byte[width * height];
        java.util.Arrays.fill(yPlane, (byte) luma);
        byte[] chroma = new byte[((width + 1) / 2) * ((height + 1) / 2)];
        java.util.Arrays.fill(chroma, (byte) 128);
        return heap(new byte[][] {yPlane, chroma, chroma.clone()}, width, height);
    }

    /** Its own direct copy of {@code planes} (packed), so the native converter reads it. */
    static CountingBuffer direct(int width, int height, int luma) {
        CountingBuffer heap = flat(width, height, luma);
        return new CountingBuffer(copy(heap.y), copy(heap.u), copy(heap.v), width, height, width, (width + 1) / 2);
    }

    private static ByteBuffer copy(ByteBuffer src) {
        ByteBuffer d = ByteBuffer.allocateDirect(src.capacity());
        d.put(0, src, 0, src.capacity());
        return d;
    }

    boolean balanced() {
        return references.get() == 0;
    }

    @Override
    public ByteBuffer getDataY() {
        check();
        return y.duplicate();
    }

    @Override
    public ByteBuffer getDataU() {
        check();
        return u.duplicate();
    }

    @Override
    public ByteBuffer getDataV() {
        check();
        return v.duplicate();
    }

    private void check() {
        if (references.get() <= 0) {
            throw new IllegalStateException("read after the last release");
        }
    }

    @Override
    public int getStrideY() {
        return strideY;
    }

    @Override
    public int getStrideU() {
        return strideC;
    }

    @Override
    public int getStrideV() {
        return strideC;
    }

    @Override
    public int getWidth() {
        return width;
    }

    @Override
    public int getHeight() {
        return height;
    }

    @Override
    public I420Buffer toI420() {
        return this;
    }

    @Override
    public VideoFrameBuffer cropAndScale(int cropX, int cropY, int cropWidth, int cropHeight, int scaleWidth,
                                         int scaleHeight) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void retain() {
        check();
        retains.incrementAndGet();
        references.incrementAndGet();
    }

    @Override
    public void release() {
        if (references.decrementAndGet() < 0) {
            throw new IllegalStateException("released more often than retained");
        }
    }
}
