package dev.callwire.webrtc.internal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class I420FrameTest {

    /** The textbook BT.601 limited-range formula in floating point, pixel by pixel. */
    private static int reference(int y, int u, int v) {
        double c = 1.164 * (y - 16);
        int r = clamp(c + 1.596 * (v - 128));
        int g = clamp(c - 0.391 * (u - 128) - 0.813 * (v - 128));
        int b = clamp(c + 2.018 * (u - 128));
        return 0xff000000 | r << 16 | g << 8 | b;
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    private static I420Frame randomFrame(int width, int height, long seed, int padding) {
        Random random = new Random(seed);
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        byte[] y = new byte[(width + padding) * height];
        byte[] u = new byte[(cw + padding) * ch];
        byte[] v = new byte[(cw + padding) * ch];
        random.nextBytes(y);
        random.nextBytes(u);
        random.nextBytes(v);
        I420Frame frame = new I420Frame();
        frame.fill(width, height, 90, 42, ByteBuffer.wrap(y), width + padding, ByteBuffer.wrap(u), cw + padding,
                ByteBuffer.wrap(v), cw + padding);
        return frame;
    }

    @Test
    void argbMatchesTheReferenceFormulaWithinRounding() {
        for (int[] size : new int[][] {{64, 48}, {33, 17}}) {
            I420Frame frame = randomFrame(size[0], size[1], 7, 5);
            int[] argb = new int[size[0] * size[1]];
            frame.toArgb(argb);
            byte[] rgb = new byte[size[0] * size[1] * 3];
            frame.toRgb(rgb);

            var ys = frame.planeY();
            var us = frame.planeU();
            var vs = frame.planeV();
            for (int row = 0; row < size[1]; row++) {
                for (int col = 0; col < size[0]; col++) {
                    int c = (row / 2) * frame.chromaWidth() + col / 2;
                    int expected = reference(ys.get(row * size[0] + col) & 0xff, us.get(c) & 0xff, vs.get(c) & 0xff);
                    int actual = argb[row * size[0] + col];
                    for (int shift = 0; shift <= 16; shift += 8) {
                        assertThat(Math.abs(((actual >> shift) & 0xff) - ((expected >> shift) & 0xff)))
                                .as("pixel (%d,%d) channel %d", col, row, shift).isLessThanOrEqualTo(1);
                    }
                    assertThat(actual >>> 24).isEqualTo(0xff);
                    int i = (row * size[0] + col) * 3;
                    assertThat(0xff000000 | (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff))
                            .isEqualTo(actual);
                }
            }
        }
    }

    @Test
    void fillCopiesStridedPlanesAndKeepsMetadata() {
        I420Frame frame = randomFrame(20, 10, 3, 12);

        assertThat(frame.width()).isEqualTo(20);
        assertThat(frame.height()).isEqualTo(10);
        assertThat(frame.rotation()).isEqualTo(90);
        assertThat(frame.timestampNanos()).isEqualTo(42);
        assertThat(frame.planeY().remaining()).as("padding of the source rows is not copied").isEqualTo(200);
        assertThat(frame.planeU().remaining()).isEqualTo(10 * 5);
        assertThat(frame.lumaAt(19, 9)).isEqualTo(frame.planeY().get(9 * 20 + 19) & 0xff);
        assertThat(frame.planeU().isReadOnly()).isTrue();
        assertThatThrownBy(() -> frame.lumaAt(20, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> frame.toArgb(new int[10])).hasMessageContaining("20x10");
    }

    @Test
    void aSmallerImageAfterALargerOneShowsOnlyItsOwnPixels() {
        I420Frame frame = randomFrame(64, 48, 1, 0);
        byte[] y = {1, 2, 3, 4, 5, 6};
        byte[] chroma = {(byte) 128, (byte) 128};

        frame.fill(3, 2, 0, 7, ByteBuffer.wrap(y), 3, ByteBuffer.wrap(chroma), 2, ByteBuffer.wrap(chroma), 2);

        assertThat(frame.planeY().remaining()).isEqualTo(6);
        assertThat(frame.lumaAt(2, 1)).isEqualTo(6);
        assertThatThrownBy(() -> frame.lumaAt(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(frame.planeU().remaining()).isEqualTo(2);
        assertThat(frame.timestampNanos()).isEqualTo(7);
    }

    @Test
    void whiteAndBlackConvertToWhiteAndBlack() {
        I420Frame frame = new I420Frame();
        byte[] y = {(byte) 235, 16, (byte) 235, 16};
        byte[] chroma = {(byte) 128};
        frame.fill(2, 2, 0, 0, ByteBuffer.wrap(y), 2, ByteBuffer.wrap(chroma), 1, ByteBuffer.wrap(chroma), 1);
        int[] argb = new int[4];

        frame.toArgb(argb);

        assertThat(argb).containsExactly(0xffffffff, 0xff000000, 0xffffffff, 0xff000000);
    }
}
