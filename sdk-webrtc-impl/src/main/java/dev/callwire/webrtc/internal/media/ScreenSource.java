package dev.callwire.webrtc.internal.media;

import dev.callwire.webrtc.internal.Threads;
import dev.callwire.CallwireException;
import dev.callwire.media.ScreenShare;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import java.awt.AWTException;
import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Screen capture into a {@link CustomVideoSource}. It uses {@link Robot}, not webrtc-java's desktop
 * capturer: the Linux one of webrtc-java 0.14 crashes listing screens (an X11 ABI bug fixed upstream in 0.15).
 * Capture runs on its own thread, so a slow grab never delays the synthetic camera or the engine.
 */
final class ScreenSource {

    private static final Logger LOG = LoggerFactory.getLogger(ScreenSource.class);

    private final CustomVideoSource source;
    private final Robot robot;
    private final Rectangle area;
    private final ScheduledExecutorService thread;

    private ScreenSource(CustomVideoSource source, Robot robot, Rectangle area, int frameRate, String threadName) {
        this.source = source;
        this.robot = robot;
        this.area = area;
        this.thread = Executors.newSingleThreadScheduledExecutor(Threads.daemon(threadName));
        thread.scheduleAtFixedRate(this::capture, 0, 1000 / frameRate, TimeUnit.MILLISECONDS);
    }

    /** @throws CallwireException {@code MEDIA_DEVICE} when there is no display or no such screen */
    static ScreenSource start(ScreenShare share, String threadName) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE, "there is no display to share "
                    + "(headless JVM or no DISPLAY set); screen sharing needs a desktop session or Xvfb");
        }
        GraphicsDevice[] screens = GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices();
        if (share.screen() >= screens.length) {
            throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE, "no screen " + share.screen()
                    + "; this display has " + screens.length);
        }
        GraphicsDevice screen = screens[share.screen()];
        Rectangle bounds = screen.getDefaultConfiguration().getBounds();
        Rectangle area = captureArea(share, bounds.width, bounds.height);
        try {
            return new ScreenSource(new CustomVideoSource(), new Robot(screen), area, share.frameRate(), threadName);
        } catch (AWTException e) {
            throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE, "the screen cannot be captured: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The rectangle to capture on a screen of the given size, in the screen's coordinates: all of it, or the
     * region cut to the screen; trimmed to even sizes.
     *
     * @throws CallwireException {@code MEDIA_DEVICE} when less than 2x2 pixels of the region lie on the screen
     */
    static Rectangle captureArea(ScreenShare share, int screenWidth, int screenHeight) {
        Rectangle whole = new Rectangle(0, 0, screenWidth, screenHeight);
        Rectangle area = share instanceof ScreenShare.Region region
                ? new Rectangle(region.x(), region.y(), region.width(), region.height()).intersection(whole)
                : whole;
        area.width &= ~1; // I420 wants even sizes
        area.height &= ~1;
        if (area.width < 2 || area.height < 2) {
            throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE, "the region " + share
                    + " lies outside screen " + share.screen() + " (" + screenWidth + "x" + screenHeight + ")");
        }
        return area;
    }

    CustomVideoSource source() {
        return source;
    }

    private void capture() {
        try {
            BufferedImage image = robot.createScreenCapture(area);
            int[] argb = image.getRGB(0, 0, area.width, area.height, null, 0, area.width);
            NativeI420Buffer buffer = Rgb.toI420(argb, area.width, area.height);
            try {
                source.pushFrame(new VideoFrame(buffer, System.nanoTime()));
            } finally {
                buffer.release();
            }
        } catch (RuntimeException e) {
            LOG.warn("Screen capture failed", e);
        }
    }

    /** Stops capturing and waits for a grab in progress, so the source can be disposed right after. */
    void stop() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
