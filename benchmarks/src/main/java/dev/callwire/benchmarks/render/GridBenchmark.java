package dev.callwire.benchmarks.render;

import dev.callwire.webrtc.internal.media.I420Frame;
import dev.callwire.webrtc.internal.media.RendererSlot;
import dev.callwire.webrtc.internal.natives.NativeWebRtc;
import dev.onvoid.webrtc.media.FourCC;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoBufferConverter;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A mesh call's grid: four remote 1280x720 streams shown in four 480x270 tiles. One operation is one frame
 * of each stream, so 30 operations are one second of 30 fps video; {@code RenderReport} turns the time into
 * CPU per second of video.
 *
 * <ul>
 *   <li>{@code gridFloor}: webrtc-java's libyuv called directly: crop-and-scale each frame to the tile, then
 *       convert, into a direct buffer.</li>
 *   <li>{@code gridSdk}: four {@link RendererSlot}s, each renderer asking for its tile size into an
 *       {@code int[]} (what the Swing demo's {@code VideoPanel} does).</li>
 *   <li>{@code gridPrevious}: before: each renderer got the full frame copied and converted in Java (the
 *       panel then let Java 2D shrink it while painting, which is not counted here).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GridBenchmark {

    static final int STREAMS = 4;
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int TILE_WIDTH = 480;
    static final int TILE_HEIGHT = 270;

    private final NativeI420Buffer[] streams = new NativeI420Buffer[STREAMS];
    private final RendererSlot[] slots = new RendererSlot[STREAMS];
    private final I420Frame[] previousFrames = new I420Frame[STREAMS];
    private final int[][] previousPixels = new int[STREAMS][WIDTH * HEIGHT];
    private ByteBuffer floorDestination;
    private long checksum;

    @Setup(Level.Trial)
    public void setUp() {
        NativeWebRtc.load();
        floorDestination = ByteBuffer.allocateDirect(4 * TILE_WIDTH * TILE_HEIGHT);
        for (int i = 0; i < STREAMS; i++) {
            streams[i] = RenderBenchmark.randomFrame(WIDTH, HEIGHT, i);
            int[] tile = new int[TILE_WIDTH * TILE_HEIGHT];
            slots[i] = new RendererSlot(f -> {
                f.toArgb(tile, TILE_WIDTH, TILE_HEIGHT);
                checksum += tile[TILE_WIDTH + 1];
            }, Runnable::run);
            previousFrames[i] = new I420Frame();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (int i = 0; i < STREAMS; i++) {
            slots[i].close();
            streams[i].release();
        }
    }

    @Benchmark
    public ByteBuffer gridFloor() throws Exception {
        for (NativeI420Buffer stream : streams) {
            VideoFrameBuffer tile = stream.cropAndScale(0, 0, WIDTH, HEIGHT, TILE_WIDTH, TILE_HEIGHT);
            try {
                VideoBufferConverter.convertFromI420(tile, floorDestination, FourCC.ARGB);
            } finally {
                tile.release();
            }
        }
        return floorDestination;
    }

    @Benchmark
    public long gridSdk() {
        for (int i = 0; i < STREAMS; i++) {
            slots[i].offer(streams[i], 0, 0);
        }
        return checksum;
    }

    @Benchmark
    public int[][] gridPrevious() {
        for (int i = 0; i < STREAMS; i++) {
            I420Buffer s = streams[i];
            previousFrames[i].fill(WIDTH, HEIGHT, 0, 0, s.getDataY(), s.getStrideY(), s.getDataU(), s.getStrideU(),
                    s.getDataV(), s.getStrideV());
            previousFrames[i].toArgb(previousPixels[i]);
        }
        return previousPixels;
    }
}
