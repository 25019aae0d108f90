package dev.callwire.webrtc.internal;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The warm-up's video: a grey ramp that moves a little each frame, so its encoder gets a picture that changes as
 * a camera's does (a still one would compress to nothing after the key frame). One row is computed per frame and
 * copied down the picture. Not thread-safe: the pair's thread only.
 */
final class WarmUpPicture {

    private final int width;
    private final int height;
    private final byte[] row;
    private final byte[] grey;

    WarmUpPicture(int width, int height) {
        this.width = width;
        this.height = height;
        this.row = new byte[width];
        this.grey = new byte[(width + 1) / 2];
        Arrays.fill(grey, (byte) 128);
    }

    /** Fills {@code buffer}, of this picture's size, with frame {@code number}. */
    void draw(NativeI420Buffer buffer, int number) {
        for (int x = 0; x < width; x++) {
            row[x] = (byte) (16 + (x + number * 8) % 220);
        }
        ByteBuffer y = buffer.getDataY();
        for (int r = 0; r < height; r++) {
            y.put(r * buffer.getStrideY(), row, 0, width);
        }
        ByteBuffer u = buffer.getDataU();
        ByteBuffer v = buffer.getDataV();
        for (int r = 0; r < (height + 1) / 2; r++) {
            u.put(r * buffer.getStrideU(), grey, 0, grey.length);
            v.put(r * buffer.getStrideV(), grey, 0, grey.length);
        }
    }
}
