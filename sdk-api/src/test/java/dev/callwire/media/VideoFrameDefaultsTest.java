package dev.callwire.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The default scaling conversions, for frames the SDK did not make (test doubles). */
class VideoFrameDefaultsTest {

    /** Left half black (Y 16), right half white (Y 235), grey chroma; toArgb at full size counts its calls. */
    private static final class HalvesFrame implements VideoFrame {
        final int width;
        final int height;
        int fullSizeCalls;

        HalvesFrame(int width, int height) {
            this.width = width;
            this.height = height;
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
            return 0;
        }

        @Override
        public long timestampNanos() {
            return 0;
        }

        @Override
        public ByteBuffer planeY() {
            byte[] y = new byte[width * height];
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) (i % width < width / 2 ? 16 : 235);
            }
            return ByteBuffer.wrap(y).asReadOnlyBuffer();
        }

        @Override
        public ByteBuffer planeU() {
            byte[] c = new byte[chromaWidth() * chromaHeight()];
            Arrays.fill(c, (byte) 128);
            return ByteBuffer.wrap(c).asReadOnlyBuffer();
        }

        @Override
        public ByteBuffer planeV() {
            return planeU();
        }

        @Override
        public int lumaAt(int x, int y) {
            return x < width / 2 ? 16 : 235;
        }

        @Override
        public void toArgb(int[] dst) {
            fullSizeCalls++;
            for (int i = 0; i < width * height; i++) {
                dst[i] = i % width < width / 2 ? 0xff000000 : 0xffffffff;
            }
        }

        @Override
        public void toRgb(byte[] dst) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void scalingSamplesThePlanesAndTheSameSizeUsesTheFullConversion() {
        HalvesFrame frame = new HalvesFrame(16, 8);
        int[] small = new int[4 * 2];
        frame.toArgb(small, 4, 2);
        assertThat(small).containsExactly(0xff000000, 0xff000000, 0xffffffff, 0xffffffff,
                0xff000000, 0xff000000, 0xffffffff, 0xffffffff);
        assertThat(frame.fullSizeCalls).isZero();

        int[] full = new int[16 * 8];
        frame.toArgb(full, 16, 8);
        assertThat(frame.fullSizeCalls).isEqualTo(1);
    }

    @Test
    void theByteBufferFormIsBgraFromIndexZero() {
        HalvesFrame frame = new HalvesFrame(16, 8);
        ByteBuffer dst = ByteBuffer.allocate(4 * 4 * 2).position(5);
        frame.toArgb(dst, 4, 2);
        assertThat(dst.position()).isEqualTo(5);
        assertThat(new byte[] {dst.get(0), dst.get(1), dst.get(2), dst.get(3)}).containsExactly(0, 0, 0, -1);
        assertThat(new byte[] {dst.get(12), dst.get(13), dst.get(14), dst.get(15)}).containsExactly(-1, -1, -1, -1);
    }

    @Test
    void badTargetsFailClearly() {
        HalvesFrame frame = new HalvesFrame(16, 8);
        assertThatThrownBy(() -> frame.toArgb(new int[3], 2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2x2");
        assertThatThrownBy(() -> frame.toArgb(new int[3], -1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> frame.toArgb(ByteBuffer.allocate(64).asReadOnlyBuffer(), 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> frame.toArgb((int[]) null, 2, 2)).isInstanceOf(NullPointerException.class);
    }
}
