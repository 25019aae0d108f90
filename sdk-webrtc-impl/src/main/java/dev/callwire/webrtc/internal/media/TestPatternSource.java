package dev.callwire.webrtc.internal.media;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic camera: colour bars scrolling sideways with the frame number drawn in the top-left corner,
 * pushed into a {@link CustomVideoSource} at the configured rate. Moving content keeps encoders honest
 * (a still image compresses to almost nothing) and the counter lets a viewer see frames advance. Public within
 * the engine for the warm-up's rehearsal, which paces a few frames itself ({@link #pushNext()}).
 */
public final class TestPatternSource {

    private static final Logger LOG = LoggerFactory.getLogger(TestPatternSource.class);

    // 75% colour bars in BT.601 YUV: white, yellow, cyan, green, magenta, red, blue, black.
    private static final int[][] BARS = {
            {180, 128, 128}, {162, 44, 142}, {131, 156, 44}, {112, 72, 58},
            {84, 184, 198}, {65, 100, 212}, {35, 212, 114}, {16, 128, 128}};

    // 3x5 digit glyphs, one row per 3 bits.
    private static final int[][] DIGITS = {
            {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
            {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 2, 2, 2}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}};

    private final CustomVideoSource source;
    private final int width;
    private final int height;
    private final int frameRate;
    private final byte[] barsY;
    private final byte[] barsU;
    private final byte[] barsV;
    private final byte[] rowY;
    private final byte[] rowU;
    private final byte[] rowV;
    private long frameNumber;
    private ScheduledFuture<?> task;

    public TestPatternSource(CustomVideoSource source, int width, int height, int frameRate) {
        this.source = source;
        this.width = width;
        this.height = height;
        this.frameRate = frameRate;
        int cw = (width + 1) / 2;
        barsY = new byte[width];
        barsU = new byte[cw];
        barsV = new byte[cw];
        for (int x = 0; x < width; x++) {
            int[] bar = BARS[x * BARS.length / width];
            barsY[x] = (byte) bar[0];
            if (x % 2 == 0) {
                barsU[x / 2] = (byte) bar[1];
                barsV[x / 2] = (byte) bar[2];
            }
        }
        rowY = new byte[width];
        rowU = new byte[cw];
        rowV = new byte[cw];
    }

    CustomVideoSource source() {
        return source;
    }

    synchronized void start(ScheduledExecutorService mediaThread) {
        if (task == null) {
            long periodMicros = 1_000_000L / frameRate;
            task = mediaThread.scheduleAtFixedRate(this::pushSafely, 0, periodMicros, TimeUnit.MICROSECONDS);
        }
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void pushSafely() {
        try {
            pushFrame();
        } catch (RuntimeException e) {
            LOG.warn("Test pattern frame {} failed", frameNumber, e);
        }
    }

    /** Pushes the next frame now, on the calling thread; for a caller that paces frames itself. */
    public void pushNext() {
        pushFrame();
    }

    private void pushFrame() {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
        try {
            draw(buffer, frameNumber++);
            VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
            source.pushFrame(frame);
        } finally {
            buffer.release();
        }
    }

    private void draw(NativeI420Buffer buffer, long number) {
        int shift = (int) ((number * 4) % width) & ~1;
        rotate(barsY, rowY, shift);
        rotate(barsU, rowU, shift / 2);
        rotate(barsV, rowV, shift / 2);
        ByteBuffer y = buffer.getDataY();
        ByteBuffer u = buffer.getDataU();
        ByteBuffer v = buffer.getDataV();
        for (int row = 0; row < height; row++) {
            y.put(row * buffer.getStrideY(), rowY, 0, width);
        }
        int ch = (height + 1) / 2;
        for (int row = 0; row < ch; row++) {
            u.put(row * buffer.getStrideU(), rowU, 0, rowU.length);
            v.put(row * buffer.getStrideV(), rowV, 0, rowV.length);
        }
        drawCounter(y, buffer.getStrideY(), u, v, buffer.getStrideU(), number);
    }

    private static void rotate(byte[] src, byte[] dst, int shift) {
        int n = src.length;
        System.arraycopy(src, shift, dst, 0, n - shift);
        System.arraycopy(src, 0, dst, n - shift, shift);
    }

    /** Draws the frame number, white on a black box, in the top-left corner. */
    private void drawCounter(ByteBuffer y, int strideY, ByteBuffer u, ByteBuffer v, int strideC, long number) {
        String text = Long.toString(number % 1_000_000);
        int scale = Math.max(2, height / 48);
        int glyphW = 4 * scale;
        int boxW = Math.min(width, text.length() * glyphW + 2 * scale);
        int boxH = Math.min(height, 7 * scale);
        for (int row = 0; row < boxH; row++) {
            for (int col = 0; col < boxW; col++) {
                y.put(row * strideY + col, (byte) 16);
            }
        }
        for (int row = 0; row < boxH / 2; row++) {
            for (int col = 0; col < boxW / 2; col++) {
                u.put(row * strideC + col, (byte) 128);
                v.put(row * strideC + col, (byte) 128);
            }
        }
        for (int i = 0; i < text.length(); i++) {
            int[] glyph = DIGITS[text.charAt(i) - '0'];
            int originX = scale + i * glyphW;
            for (int gy = 0; gy < 5; gy++) {
                for (int gx = 0; gx < 3; gx++) {
                    if ((glyph[gy] & (4 >> gx)) == 0) {
                        continue;
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        int py = scale + gy * scale + dy;
                        for (int dx = 0; dx < scale; dx++) {
                            int px = originX + gx * scale + dx;
                            if (px < width && py < height) {
                                y.put(py * strideY + px, (byte) 235);
                            }
                        }
                    }
                }
            }
        }
    }
}
