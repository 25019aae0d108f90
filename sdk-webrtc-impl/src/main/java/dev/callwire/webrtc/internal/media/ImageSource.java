package dev.callwire.webrtc.internal.media;

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
 * A still picture as video, pushed into a {@link CustomVideoSource} at a modest rate (at most 15 fps) so
 * encoders keep producing key frames for late joiners. Each push converts the kept pixels to a fresh I420
 * buffer: libwebrtc holds pushed buffers, so they cannot be reused.
 */
final class ImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(ImageSource.class);
    private static final int MAX_RATE = 15;

    private final CustomVideoSource source;
    private final int width;
    private final int height;
    private final int frameRate;
    private final int[] argb;
    private ScheduledFuture<?> task;

    private ImageSource(CustomVideoSource source, BufferedImage image, int frameRate) {
        this.source = source;
        this.width = image.getWidth() & ~1;
        this.height = image.getHeight() & ~1;
        this.frameRate = Math.max(1, Math.min(MAX_RATE, frameRate));
        this.argb = image.getRGB(0, 0, width, height, null, 0, width);
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
            NativeI420Buffer buffer = Rgb.toI420(argb, width, height);
            try {
                source.pushFrame(new VideoFrame(buffer, System.nanoTime()));
            } finally {
                buffer.release();
            }
        } catch (RuntimeException e) {
            LOG.warn("Image frame failed", e);
        }
    }
}
