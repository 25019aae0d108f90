package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.media.VideoFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The panel asks frames for the size it shows, not for every pixel they have. */
class VideoPanelScalingTest {

    /** Records the size it was asked to convert to; fills a flat colour. */
    private static final class SizeRecordingFrame implements VideoFrame {
        final int width;
        final int height;
        final int rotation;
        int askedWidth;
        int askedHeight;

        SizeRecordingFrame(int width, int height, int rotation) {
            this.width = width;
            this.height = height;
            this.rotation = rotation;
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
            return 0;
        }

        @Override
        public ByteBuffer planeY() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ByteBuffer planeU() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ByteBuffer planeV() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int lumaAt(int x, int y) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void toArgb(int[] dst) {
            toArgb(dst, width, height);
        }

        @Override
        public void toArgb(int[] dst, int w, int h) {
            askedWidth = w;
            askedHeight = h;
            Arrays.fill(dst, 0, w * h, 0xff00ff00);
        }

        @Override
        public void toRgb(byte[] dst) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aLargeFrameInASmallTileIsConvertedAtTheTileSize() {
        VideoPanel panel = new VideoPanel("");
        panel.setSize(320, 180);
        SizeRecordingFrame hd = new SizeRecordingFrame(1920, 1080, 0);
        panel.onFrame(hd);
        assertThat(hd.askedWidth).isEqualTo(320);
        assertThat(hd.askedHeight).isEqualTo(180);
        assertThat(panel.snapshot().getWidth()).isEqualTo(320);
        assertThat(panel.snapshot().getRGB(160, 90)).isEqualTo(0xff00ff00);
    }

    @Test
    void tileSizeKeepsTheAspectRatioNeverEnlargesAndFollowsRotation() {
        assertThat(size(VideoPanel.tileSize(1280, 720, 0, 480, 480))).containsExactly(480, 270);
        assertThat(size(VideoPanel.tileSize(640, 480, 0, 1920, 1080))).as("never enlarged").containsExactly(640, 480);
        assertThat(size(VideoPanel.tileSize(1280, 720, 0, 0, 0))).as("not laid out yet").containsExactly(1280, 720);
        // Shown sideways: 720 wide, 1280 high in a 360x360 box -> scale 0.28125 of the unrotated frame.
        assertThat(size(VideoPanel.tileSize(1280, 720, 90, 360, 360))).containsExactly(360, 203);
        assertThat(size(VideoPanel.tileSize(1920, 1080, 0, 1, 1))).containsExactly(1, 1);
    }

    private static int[] size(long packed) {
        return new int[] {(int) (packed >>> 32), (int) packed};
    }
}
