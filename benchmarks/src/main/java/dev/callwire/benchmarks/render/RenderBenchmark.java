package dev.callwire.benchmarks.render;

import dev.callwire.webrtc.internal.media.I420Frame;
import dev.callwire.webrtc.internal.media.RendererSlot;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of turning a decoded frame into pixels a toolkit can paint.
 *
 * <ul>
 *   <li>{@code naive}: the baseline a developer would write first: a fresh {@code int[]} per frame and the
 *       BT.601 formula in floating point per pixel, reading the native planes.</li>
 *   <li>{@code sdkConvert}: what the SDK does per renderer: copy the planes into a reused {@link I420Frame}
 *       and convert with {@link I420Frame#toArgb} into a reused array.</li>
 *   <li>{@code sdkDeliver}: the whole delivery path of a remote frame: {@link RendererSlot#offer} (copy,
 *       keep-newest swap, hand-off) and a renderer converting to ARGB — run inline to measure work, not
 *       thread wake-ups.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RenderBenchmark {

    @Param({"1280x720", "1920x1080"})
    public String resolution;

    private int width;
    private int height;
    private DirectI420 source;
    private final I420Frame frame = new I420Frame();
    private int[] argb;
    private RendererSlot slot;
    private long checksum;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = resolution.split("x");
        width = Integer.parseInt(parts[0]);
        height = Integer.parseInt(parts[1]);
        source = new DirectI420(width, height, 42);
        argb = new int[width * height];
        int[] rendererPixels = new int[width * height];
        slot = new RendererSlot(f -> {
            f.toArgb(rendererPixels);
            checksum += rendererPixels[f.width() + 1];
        }, Runnable::run);
    }

    @Benchmark
    public int[] naive() {
        int[] out = new int[width * height];
        ByteBuffer y = source.getDataY();
        ByteBuffer u = source.getDataU();
        ByteBuffer v = source.getDataV();
        int cw = (width + 1) / 2;
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int yy = y.get(row * width + col) & 0xff;
                int uu = u.get((row / 2) * cw + col / 2) & 0xff;
                int vv = v.get((row / 2) * cw + col / 2) & 0xff;
                double c = 1.164 * (yy - 16);
                int r = (int) Math.max(0, Math.min(255, Math.round(c + 1.596 * (vv - 128))));
                int g = (int) Math.max(0, Math.min(255, Math.round(c - 0.391 * (uu - 128) - 0.813 * (vv - 128))));
                int b = (int) Math.max(0, Math.min(255, Math.round(c + 2.018 * (uu - 128))));
                out[row * width + col] = 0xff000000 | r << 16 | g << 8 | b;
            }
        }
        return out;
    }

    @Benchmark
    public int[] sdkConvert() {
        frame.fill(width, height, 0, 0, source.getDataY(), source.getStrideY(), source.getDataU(), source.getStrideU(),
                source.getDataV(), source.getStrideV());
        frame.toArgb(argb);
        return argb;
    }

    @Benchmark
    public long sdkDeliver() {
        slot.offer(source, 0, 0);
        return checksum;
    }

    /** An I420 image in direct buffers, as libwebrtc hands decoded frames to Java. */
    static final class DirectI420 implements I420Buffer {
        private final int width;
        private final int height;
        private final ByteBuffer y;
        private final ByteBuffer u;
        private final ByteBuffer v;

        DirectI420(int width, int height, long seed) {
            this.width = width;
            this.height = height;
            Random random = new Random(seed);
            int chroma = ((width + 1) / 2) * ((height + 1) / 2);
            y = fill(ByteBuffer.allocateDirect(width * height), random);
            u = fill(ByteBuffer.allocateDirect(chroma), random);
            v = fill(ByteBuffer.allocateDirect(chroma), random);
        }

        private static ByteBuffer fill(ByteBuffer buffer, Random random) {
            byte[] bytes = new byte[buffer.capacity()];
            random.nextBytes(bytes);
            buffer.put(bytes).flip();
            return buffer;
        }

        @Override
        public ByteBuffer getDataY() {
            return y;
        }

        @Override
        public ByteBuffer getDataU() {
            return u;
        }

        @Override
        public ByteBuffer getDataV() {
            return v;
        }

        @Override
        public int getStrideY() {
            return width;
        }

        @Override
        public int getStrideU() {
            return (width + 1) / 2;
        }

        @Override
        public int getStrideV() {
            return (width + 1) / 2;
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
        }

        @Override
        public void release() {
        }
    }
}
