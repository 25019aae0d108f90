package dev.callwire.webrtc.internal.media;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import java.nio.ByteBuffer;

/** Packed ARGB pixels into an I420 buffer (BT.601 limited range, what video decoders expect). */
final class Rgb {

    private Rgb() {
    }

    /** Converts {@code width x height} pixels (both even) of {@code argb} into a new native I420 buffer. */
    static NativeI420Buffer toI420(int[] argb, int width, int height) {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
        ByteBuffer y = buffer.getDataY();
        ByteBuffer u = buffer.getDataU();
        ByteBuffer v = buffer.getDataV();
        int strideY = buffer.getStrideY();
        int strideU = buffer.getStrideU();
        int strideV = buffer.getStrideV();
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int p = argb[row * width + col];
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                y.put(row * strideY + col, (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16));
                if ((row & 1) == 0 && (col & 1) == 0) {
                    u.put((row / 2) * strideU + col / 2, (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128));
                    v.put((row / 2) * strideV + col / 2, (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128));
                }
            }
        }
        return buffer;
    }
}
