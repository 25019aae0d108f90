package dev.callwire.samples.swing;

import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoFrame;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsConfiguration;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.concurrent.atomic.AtomicLong;
import javax.swing.JComponent;

/**
 * Shows a video track: a {@link MediaRenderer} that is also a Swing component.
 *
 * <p>Frames are converted on the SDK's render thread, never on the event dispatch thread, into one of two
 * reused {@code TYPE_INT_RGB} images (double buffering): the render thread writes the back image, swaps it
 * with the front one and asks for a repaint; {@link #paintComponent} draws the front image scaled to the
 * component, keeping the aspect ratio (black bars fill the rest).
 *
 * <p>The panel asks the frame for the size it shows ({@link VideoFrame#toArgb(int[], int, int)}), in device
 * pixels, so a 1080p stream in a small grid tile is scaled down natively before conversion instead of
 * converting two million pixels for Java 2D to throw away. It never asks for more pixels than the frame has:
 * enlarging is left to Java 2D. Steady-state rendering allocates nothing; the images are only replaced when
 * the frame or tile size changes.
 */
public class VideoPanel extends JComponent implements MediaRenderer {

    private static final long serialVersionUID = 1L;

    /** Guards {@link #front} and {@link #frontRotation}: held by the EDT while painting and by the swap. */
    private final transient Object swapLock = new Object();
    /** Serialises {@link #onFrame} in case the panel is attached to more than one track at a time. */
    private final transient Object renderLock = new Object();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong allocations = new AtomicLong();
    private transient BufferedImage front;
    private int frontRotation;
    /** Only touched under {@link #renderLock}. */
    private transient BufferedImage back;
    private volatile String placeholder;

    /** @param placeholder text shown while there is no picture */
    public VideoPanel(String placeholder) {
        this.placeholder = placeholder;
        setOpaque(true);
        setBackground(Color.BLACK);
        setForeground(Color.LIGHT_GRAY);
        setPreferredSize(new Dimension(320, 240));
        setMinimumSize(new Dimension(80, 60));
    }

    @Override
    public void onFrame(VideoFrame frame) {
        synchronized (renderLock) {
            // The size may be a layout behind (read off the EDT): the next frame catches up.
            double deviceScale = deviceScale();
            long size = tileSize(frame.width(), frame.height(), frame.rotation(),
                    (int) Math.round(getWidth() * deviceScale), (int) Math.round(getHeight() * deviceScale));
            int width = (int) (size >>> 32);
            int height = (int) size;
            BufferedImage target = back;
            if (target == null || target.getWidth() != width || target.getHeight() != height) {
                target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                allocations.incrementAndGet();
            }
            frame.toArgb(((DataBufferInt) target.getRaster().getDataBuffer()).getData(), width, height);
            synchronized (swapLock) {
                back = front;
                front = target;
                frontRotation = frame.rotation();
            }
            frames.incrementAndGet();
        }
        repaint();
    }

    /**
     * The unrotated size to convert a {@code frameWidth x frameHeight} frame to for a {@code panelWidth x
     * panelHeight} area: the letterboxed fit, never larger than the frame; the whole frame while the panel
     * has no size yet. Packed as {@code width << 32 | height} so the render path allocates nothing.
     */
    static long tileSize(int frameWidth, int frameHeight, int rotation, int panelWidth, int panelHeight) {
        if (panelWidth <= 0 || panelHeight <= 0) {
            return (long) frameWidth << 32 | frameHeight;
        }
        boolean sideways = rotation == 90 || rotation == 270;
        int shownWidth = sideways ? frameHeight : frameWidth;
        int shownHeight = sideways ? frameWidth : frameHeight;
        double fit = Math.min(1.0, Math.min((double) panelWidth / shownWidth, (double) panelHeight / shownHeight));
        int width = Math.max(1, (int) Math.round(frameWidth * fit));
        int height = Math.max(1, (int) Math.round(frameHeight * fit));
        return (long) width << 32 | height;
    }

    /** Device pixels per user-space pixel (2 on a HiDPI screen at 200%), 1 before the panel is shown. */
    private double deviceScale() {
        GraphicsConfiguration gc = getGraphicsConfiguration();
        return gc == null ? 1.0 : Math.max(1.0, gc.getDefaultTransform().getScaleX());
    }

    /** Forgets the picture and shows {@code text} instead (EDT or any thread). */
    public void clear(String text) {
        synchronized (swapLock) {
            front = null;
        }
        placeholder = text;
        repaint();
    }

    /** Frames received so far. */
    public long frames() {
        return frames.get();
    }

    /** Images allocated so far: two per converted size in steady state (front and back), then none. */
    long imageAllocations() {
        return allocations.get();
    }

    /** A copy of the newest picture, or {@code null} when there is none. */
    public BufferedImage snapshot() {
        synchronized (swapLock) {
            if (front == null) {
                return null;
            }
            BufferedImage copy = new BufferedImage(front.getWidth(), front.getHeight(), BufferedImage.TYPE_INT_RGB);
            copy.setData(front.getRaster());
            return copy;
        }
    }

    @Override
    protected void paintComponent(Graphics g) {
        int w = getWidth();
        int h = getHeight();
        g.setColor(getBackground());
        g.fillRect(0, 0, w, h);
        Graphics2D g2 = (Graphics2D) g.create();
        try {
            synchronized (swapLock) {
                if (front != null) {
                    drawLetterboxed(g2, front, frontRotation, w, h);
                    return;
                }
            }
            String text = placeholder;
            if (text != null && !text.isEmpty()) {
                g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g2.setColor(getForeground());
                FontMetrics fm = g2.getFontMetrics();
                g2.drawString(text, Math.max(4, (w - fm.stringWidth(text)) / 2), (h + fm.getAscent()) / 2);
            }
        } finally {
            g2.dispose();
        }
    }

    private static void drawLetterboxed(Graphics2D g, BufferedImage image, int rotation, int w, int h) {
        boolean sideways = rotation == 90 || rotation == 270;
        int iw = sideways ? image.getHeight() : image.getWidth();
        int ih = sideways ? image.getWidth() : image.getHeight();
        double scale = Math.min((double) w / iw, (double) h / ih);
        int dw = (int) Math.round(iw * scale);
        int dh = (int) Math.round(ih * scale);
        int x = (w - dw) / 2;
        int y = (h - dh) / 2;
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        if (rotation == 0) {
            g.drawImage(image, x, y, dw, dh, null);
            return;
        }
        // Rotate about the centre of the target box, then draw the unrotated image centred there.
        g.translate(x + dw / 2.0, y + dh / 2.0);
        g.rotate(Math.toRadians(rotation));
        int rw = sideways ? dh : dw;
        int rh = sideways ? dw : dh;
        g.drawImage(image, -rw / 2, -rh / 2, rw, rh, null);
    }
}
