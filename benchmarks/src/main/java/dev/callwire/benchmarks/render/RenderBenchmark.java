package dev.callwire.benchmarks.render;

import dev.callwire.webrtc.internal.media.I420Frame;
import dev.callwire.webrtc.internal.media.RendererSlot;
import dev.callwire.webrtc.internal.natives.NativeWebRtc;
import dev.onvoid.webrtc.media.FourCC;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoBufferConverter;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of getting one decoded frame (a real native I420 buffer, as libwebrtc hands it to Java) to a
 * renderer as ARGB pixels, at full size.
 *
 * <ul>
 *   <li>{@code libyuvRaw}: the floor: webrtc-java's libyuv converter called directly on the buffer, into a
 *       direct buffer.</li>
 *   <li>{@code fullPathDirect}: the SDK's whole path: {@link RendererSlot#offer} (retain, keep-newest swap,
 *       hand-off, run inline so this measures work rather than thread wake-ups), the renderer converting into
 *       its own direct buffer ({@code toArgb(ByteBuffer, w, h)}: JavaFX / OpenGL style), release.</li>
 *   <li>{@code fullPathIntArray}: the same with an {@code int[]} destination (Swing's {@code BufferedImage}),
 *       which needs one more copy out of native memory.</li>
 *   <li>{@code previousPath}: what the SDK did before: copy the three planes into Java arrays, convert in
 *       Java into an {@code int[]}.</li>
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
    private NativeI420Buffer source;
    private ByteBuffer rawDestination;
    private RendererSlot directSlot;
    private RendererSlot arraySlot;
    private final I420Frame previousFrame = new I420Frame();
    private int[] previousPixels;
    private long checksum;

    @Setup(Level.Trial)
    public void setUp() {
        NativeWebRtc.load();
        String[] parts = resolution.split("x");
        width = Integer.parseInt(parts[0]);
        height = Integer.parseInt(parts[1]);
        source = randomFrame(width, height, 42);
        rawDestination = ByteBuffer.allocateDirect(4 * width * height);
        ByteBuffer rendererDirect = ByteBuffer.allocateDirect(4 * width * height);
        directSlot = new RendererSlot(f -> {
            f.toArgb(rendererDirect, f.width(), f.height());
            checksum += rendererDirect.get(4 * f.width() + 4);
        }, Runnable::run);
        int[] rendererPixels = new int[width * height];
        arraySlot = new RendererSlot(f -> {
            f.toArgb(rendererPixels, f.width(), f.height());
            checksum += rendererPixels[f.width() + 1];
        }, Runnable::run);
        previousPixels = new int[width * height];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        directSlot.close();
        arraySlot.close();
        source.release();
    }

    /** A native I420 buffer of noise: no run of equal pixels for a converter to shortcut. */
    static NativeI420Buffer randomFrame(int width, int height, long seed) {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
        Random random = new Random(seed);
        for (ByteBuffer plane : new ByteBuffer[] {buffer.getDataY(), buffer.getDataU(), buffer.getDataV()}) {
            byte[] bytes = new byte[plane.capacity()];
            random.nextBytes(bytes);
            plane.put(0, bytes);
        }
        return buffer;
    }

    @Benchmark
    public ByteBuffer libyuvRaw() throws Exception {
        VideoBufferConverter.convertFromI420(source, rawDestination, FourCC.ARGB);
        return rawDestination;
    }

    @Benchmark
    public long fullPathDirect() {
        directSlot.offer(source, 0, 0);
        return checksum;
    }

    @Benchmark
    public long fullPathIntArray() {
        arraySlot.offer(source, 0, 0);
        return checksum;
    }

    @Benchmark
    public int[] previousPath() {
        previousFrame.fill(width, height, 0, 0, source.getDataY(), source.getStrideY(), source.getDataU(),
                source.getStrideU(), source.getDataV(), source.getStrideV());
        previousFrame.toArgb(previousPixels);
        return previousPixels;
    }
}
