package dev.callwire.webrtc.internal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.webrtc.internal.natives.NativeWebRtc;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's frame view on real native buffers: libyuv conversion and scaling, and its fallbacks. */
class BufferFrameTest {

    private static final int RED = 0xffc02020;
    private static final int GREEN = 0xff20c020;
    private static final int BLUE = 0xff2020c0;
    private static final int GREY = 0xff808080;

    private NativeI420Buffer buffer;
    private final BufferFrame frame = new BufferFrame(Libyuv.get());

    @BeforeAll
    static void loadNatives() {
        NativeWebRtc.load();
    }

    @AfterEach
    void release() {
        frame.close();
        if (buffer != null) {
            buffer.release();
        }
    }

    /** Four flat quadrants: red, green on top; blue, grey below. */
    private static NativeI420Buffer quadrants(int width, int height) {
        int[] argb = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean left = x < width / 2;
                boolean top = y < height / 2;
                argb[y * width + x] = top ? (left ? RED : GREEN) : (left ? BLUE : GREY);
            }
        }
        return Rgb.toI420(argb, width, height);
    }

    private static NativeI420Buffer random(int width, int height, long seed) {
        NativeI420Buffer b = NativeI420Buffer.allocate(width, height);
        Random random = new Random(seed);
        for (ByteBuffer plane : new ByteBuffer[] {b.getDataY(), b.getDataU(), b.getDataV()}) {
            byte[] bytes = new byte[plane.capacity()];
            random.nextBytes(bytes);
            plane.put(0, bytes);
        }
        return b;
    }

    private static void assertColour(int actual, int expected, String where) {
        for (int shift = 0; shift <= 16; shift += 8) {
            assertThat(Math.abs(((actual >> shift) & 0xff) - ((expected >> shift) & 0xff)))
                    .as("%s: %08x vs %08x", where, actual, expected).isLessThanOrEqualTo(6);
        }
        assertThat(actual >>> 24).as("%s alpha", where).isEqualTo(0xff);
    }

    private static void assertQuadrants(int[] argb, int width, int height) {
        assertColour(argb[(height / 4) * width + width / 4], RED, "top left");
        assertColour(argb[(height / 4) * width + 3 * width / 4], GREEN, "top right");
        assertColour(argb[(3 * height / 4) * width + width / 4], BLUE, "bottom left");
        assertColour(argb[(3 * height / 4) * width + 3 * width / 4], GREY, "bottom right");
        assertColour(argb[width - 1], GREEN, "top right corner");
        assertColour(argb[(height - 1) * width], BLUE, "bottom left corner");
    }

    @Test
    void convertsATestPatternAtFullSizeAndScaledDown() {
        buffer = quadrants(640, 360);
        frame.bind(buffer, 90, 7);
        assertThat(frame.width()).isEqualTo(640);
        assertThat(frame.rotation()).isEqualTo(90);
        assertThat(frame.timestampNanos()).isEqualTo(7);

        int[] full = new int[640 * 360];
        frame.toArgb(full);
        assertQuadrants(full, 640, 360);

        int[] tile = new int[160 * 90];
        frame.toArgb(tile, 160, 90);
        assertQuadrants(tile, 160, 90);

        int[] odd = new int[101 * 57];
        frame.toArgb(odd, 101, 57);
        assertQuadrants(odd, 101, 57);
    }

    @Test
    void writesBgraBytesStraightIntoADirectBufferAndThroughACopyIntoAHeapOne() {
        buffer = quadrants(320, 180);
        frame.bind(buffer, 0, 0);
        for (ByteBuffer dst : new ByteBuffer[] {ByteBuffer.allocateDirect(4 * 80 * 45), ByteBuffer.allocate(4 * 80 * 45)}) {
            dst.position(3); // ignored: pixels start at index 0
            frame.toArgb(dst, 80, 45);
            assertThat(dst.position()).isEqualTo(3);
            int[] argb = new int[80 * 45];
            dst.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(0).asIntBuffer().get(argb);
            assertQuadrants(argb, 80, 45);
            assertThat(dst.get(2) & 0xff).as("third byte is red").isGreaterThan(0xb0);
        }
    }

    @Test
    void packedRgbAndLumaReadTheSamePicture() {
        buffer = quadrants(64, 48);
        frame.bind(buffer, 0, 0);
        byte[] rgb = new byte[64 * 48 * 3];
        frame.toRgb(rgb);
        int p = (12 * 64 + 16) * 3; // inside the red quadrant
        assertColour(0xff000000 | (rgb[p] & 0xff) << 16 | (rgb[p + 1] & 0xff) << 8 | (rgb[p + 2] & 0xff), RED, "rgb");
        assertThat(frame.planeY().remaining()).isEqualTo(64 * 48);
        assertThat(frame.planeU().remaining()).isEqualTo(32 * 24);
        assertThat(frame.lumaAt(16, 12)).isEqualTo(frame.planeY().get(12 * 64 + 16) & 0xff);
    }

    @Test
    void theDirectNativesAndThePublicConverterGiveTheSamePixels() {
        assertThat(Libyuv.get().allocationFree()).as("webrtc-java's natives are reachable on the class path").isTrue();
        buffer = random(333, 201, 5);
        BufferFrame reference = new BufferFrame(Libyuv.publicApi());
        try {
            frame.bind(buffer, 0, 0);
            reference.bind(buffer, 0, 0);
            for (int[] size : new int[][] {{333, 201}, {160, 90}, {97, 61}, {500, 300}}) {
                int[] fast = new int[size[0] * size[1]];
                int[] slow = new int[size[0] * size[1]];
                frame.toArgb(fast, size[0], size[1]);
                reference.toArgb(slow, size[0], size[1]);
                assertThat(fast).as("%dx%d", size[0], size[1]).isEqualTo(slow);
            }
        } finally {
            reference.close();
        }
    }

    @Test
    void libyuvAgreesWithTheJavaConverterWithinRounding() {
        buffer = random(64, 48, 9);
        frame.bind(buffer, 0, 0);
        int[] native_ = new int[64 * 48];
        frame.toArgb(native_);
        I420Frame java = new I420Frame();
        java.fill(64, 48, 0, 0, buffer.getDataY(), buffer.getStrideY(), buffer.getDataU(), buffer.getStrideU(),
                buffer.getDataV(), buffer.getStrideV());
        int[] reference = new int[64 * 48];
        java.toArgb(reference);
        for (int i = 0; i < reference.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                assertThat(Math.abs(((native_[i] >> shift) & 0xff) - ((reference[i] >> shift) & 0xff)))
                        .as("pixel %d channel %d", i, shift).isLessThanOrEqualTo(4);
            }
        }
    }

    @Test
    void steadyStateScaledConversionAllocatesNothing() {
        buffer = random(1280, 720, 3);
        int[] tile = new int[480 * 270];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 3000; i++) { // warm up: the JIT compiles the path
            frame.bind(buffer, 0, i);
            frame.toArgb(tile, 480, 270);
            frame.unbind();
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 500; i++) {
            frame.bind(buffer, 0, i);
            frame.toArgb(tile, 480, 270);
            frame.unbind();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(allocated).as("bytes allocated by 500 frames").isLessThan(500);
    }

    @Test
    void aBufferWithoutDirectPlanesIsConvertedInJava() {
        CountingBuffer heap = CountingBuffer.heap(quadrantsBytes(64, 48), 64, 48);
        frame.bind(heap, 0, 0);
        assertThat(frame.convertsInJava()).isTrue();
        int[] full = new int[64 * 48];
        frame.toArgb(full);
        assertQuadrants(full, 64, 48);
        int[] tile = new int[32 * 24];
        frame.toArgb(tile, 32, 24);
        assertQuadrants(tile, 32, 24);
    }

    private static byte[][] quadrantsBytes(int width, int height) {
        NativeI420Buffer b = quadrants(width, height);
        try {
            byte[][] planes = new byte[3][];
            ByteBuffer[] src = {b.getDataY(), b.getDataU(), b.getDataV()};
            for (int i = 0; i < 3; i++) {
                planes[i] = new byte[src[i].capacity()];
                src[i].get(0, planes[i]);
            }
            return planes;
        } finally {
            b.release();
        }
    }

    @Test
    void badTargetsAndLateReadsFailClearly() {
        buffer = quadrants(64, 48);
        frame.bind(buffer, 0, 0);
        assertThatThrownBy(() -> frame.toArgb(new int[10], 32, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32x24");
        assertThatThrownBy(() -> frame.toArgb(new int[100], 0, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> frame.toArgb(ByteBuffer.allocateDirect(4 * 64 * 48).asReadOnlyBuffer(), 64, 48))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> frame.toArgb(ByteBuffer.allocateDirect(100), 64, 48))
                .isInstanceOf(IllegalArgumentException.class);
        frame.unbind();
        assertThatThrownBy(() -> frame.toArgb(new int[64 * 48])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("until onFrame returns");
    }
}
