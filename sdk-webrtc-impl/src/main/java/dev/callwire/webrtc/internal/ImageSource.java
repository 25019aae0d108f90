package dev.callwire.webrtc.internal;

import dev.callwire.CallwireException;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A still picture as video: converted to I420 once (BT.601 limited range, as decoders expect), then pushed
 * into a {@link CustomVideoSource} at a modest rate so encoders keep producing key frames for late joiners.
 */
final class ImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(ImageSource.class);
    private static final int MAX_RATE = 15;

    private final CustomVideoSource source;
    private final int width;
    private final int height;
    private final int frameRate;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;
    private ScheduledFuture<?> task;

    private ImageSource(CustomVideoSource source, BufferedImage image, int frameRate) {
        this.source = source;
        this.width = image.getWidth() & ~1;
        this.height = image.getHeight() & ~1;
        this.frameRate = Math.max(1, Math.min(MAX_RATE, frameRate));
        int cw = width / 2;
        y = new byte[width * height];
        u = new byte[cw * (height / 2)];
        v = new byte[cw * (height / 2)];
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int p = argb[row * width + col];
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                y[row * width + col] = (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
                if ((row & 1) == 0 && (col & 1) == 0) {
                    int c = (row / 2) * cw + col / 2;
                    u[c] = (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
                    v[c] = (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
                }
            }
        }
    }

    /** @throws CallwireException {@code MEDIA_DEVICE} if the file cannot be read as a picture */
    static ImageSource load(Path file, CustomVideoSource source, int frameRate) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            source.dispose();
            throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE, "image " + file + " could not be read: "
                    + e.getMessage(), e);
        }
        if (image == null || image.getWidth() < 2 || image.getHeight() < 2) {
            source.dispose();
            throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE, "image " + file
                    + " is not a picture ImageIO can read (PNG, JPEG, GIF, BMP) of at least 2x2 pixels");
        }
        return new ImageSource(source, image, frameRate);
    }

    CustomVideoSource source() {
        return source;
    }

    synchronized void start(ScheduledExecutorService mediaThread) {
        if (task == null) {
            task = mediaThread.scheduleAtFixedRate(this::push, 0, 1000 / frameRate, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void push() {
        try {
            NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
            try {
                java.nio.ByteBuffer dy = buffer.getDataY();
                java.nio.ByteBuffer du = buffer.getDataU();
                java.nio.ByteBuffer dv = buffer.getDataV();
                for (int row = 0; row < height; row++) {
                    dy.put(row * buffer.getStrideY(), y, row * width, width);
                }
                int cw = width / 2;
                for (int row = 0; row < height / 2; row++) {
                    du.put(row * buffer.getStrideU(), u, row * cw, cw);
                    dv.put(row * buffer.getStrideV(), v, row * cw, cw);
                }
                source.pushFrame(new VideoFrame(buffer, System.nanoTime()));
            } finally {
                buffer.release();
            }
        } catch (RuntimeException e) {
            LOG.warn("Image frame failed", e);
        }
    }
}
