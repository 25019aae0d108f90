package dev.callwire.samples.swing;

import static org.awaitility.Awaitility.await;

import dev.callwire.Peer;
import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.ListModel;
import javax.swing.SwingUtilities;

/**
 * Plays the person in front of the demo, inside a JVM whose DISPLAY is a virtual X server (started by
 * {@link SwingDemoIT}): opens the window, picks "Test pattern", clicks Start, selects the other peer,
 * clicks Call, watches the remote video on screen (two screen captures, a frame interval apart: not black,
 * not frozen), saves screenshots, clicks Hang Up. Prints {@code DRIVER: PASS ...} and exits 0, or
 * {@code DRIVER: FAIL ...} and exits 1.
 *
 * <p>Arguments: signaling URI, room, the other peer's id, screenshot directory.
 */
public final class SwingDemoDriver {

    private static final Duration STEP = Duration.ofSeconds(30);

    private SwingDemoDriver() {
    }

    public static void main(String[] args) {
        int code;
        try {
            drive(URI.create(args[0]), args[1], args[2], Path.of(args[3]));
            code = 0;
        } catch (Throwable e) {
            System.out.println("DRIVER: FAIL " + e);
            e.printStackTrace(System.out);
            code = 1;
        }
        System.out.flush();
        Runtime.getRuntime().halt(code); // do not wait for native threads of the engine
    }

    private static void drive(URI signaling, String room, String peerId, Path screenshots) throws Exception {
        Files.createDirectories(screenshots);
        DemoWindow window = onEdt(() -> DemoWindow.open(
                new DemoWindow.Settings(java.util.List.of(signaling), null, room, "swing-it", new VideoSpec(320, 240, 15),
                        screenshots.resolve("downloads")), null));
        step("window open");

        onEdt(() -> {
            // The menus are refilled once the SDK listed the devices; the synthetic sources stay second.
            find(window, "videoSource", JComboBox.class).setSelectedItem(DeviceChoice.SYNTHETIC); // Test pattern
            find(window, "audioSource", JComboBox.class).setSelectedItem(DeviceChoice.SYNTHETIC); // Tone
            AbstractButton start = find(window, "start", AbstractButton.class);
            check(start.isEnabled(), "Start is enabled before joining");
            start.doClick();
            return null;
        });
        step("clicked Start");

        await("the other peer appears in the list").atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> onEdt(() -> indexOf(find(window, "peerList", JList.class), peerId) >= 0));
        onEdt(() -> {
            JList<?> list = find(window, "peerList", JList.class);
            list.setSelectedIndex(indexOf(list, peerId));
            AbstractButton call = find(window, "call", AbstractButton.class);
            check(call.isEnabled(), "Call is enabled once a peer is selected");
            call.doClick();
            return null;
        });
        step("selected " + peerId + " and clicked Call");

        String videoName = "remoteVideo-" + peerId;
        await("remote video is rendered").atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> onEdt(() -> {
                    VideoPanel panel = findOrNull(window.frame(), videoName, VideoPanel.class);
                    return panel != null && panel.frames() > 15;
                }));
        VideoPanel remote = onEdt(() -> find(window, videoName, VideoPanel.class));
        step("remote video rendering, " + remote.frames() + " frames");

        Robot robot = new Robot();
        robot.waitForIdle();
        BufferedImage first = capture(robot, remote);
        long framesAtFirst = remote.frames();
        // A second picture one frame interval or more later: at 15 fps, 15 new frames is about a second.
        await("more frames arrive").atMost(STEP).pollInterval(Duration.ofMillis(50))
                .until(() -> remote.frames() >= framesAtFirst + 15);
        robot.waitForIdle();
        BufferedImage second = capture(robot, remote);
        ImageIO.write(first, "png", screenshots.resolve("remote-video-1.png").toFile());
        ImageIO.write(second, "png", screenshots.resolve("remote-video-2.png").toFile());

        double lit1 = litFraction(first);
        double lit2 = litFraction(second);
        double changed = changedFraction(first, second);
        step(String.format(Locale.ROOT, "screen captures %dx%d: lit %.2f / %.2f, changed %.3f", first.getWidth(),
                first.getHeight(), lit1, lit2, changed));
        check(lit1 > 0.2 && lit2 > 0.2, "the remote video on screen is not black (lit " + lit1 + ", " + lit2 + ")");
        check(changed > 0.002, "the remote video on screen moves (changed fraction " + changed + ")");

        await("the stats line shows the remote resolution").atMost(STEP).pollInterval(Duration.ofMillis(200))
                .until(() -> onEdt(() -> find(window, "stats-" + peerId, JLabel.class).getText().contains("320x240")));
        await("the local preview shows our video").atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> onEdt(() -> find(window, "localPreview", VideoPanel.class).frames() > 5));
        String stats = onEdt(() -> find(window, "stats-" + peerId, JLabel.class).getText());
        step("stats line:" + stats);

        robot.waitForIdle();
        BufferedImage whole = robot.createScreenCapture(onEdt(() -> screenBounds(window.frame())));
        ImageIO.write(whole, "png", screenshots.resolve("swing-demo-call.png").toFile());
        step("saved " + screenshots.resolve("swing-demo-call.png"));

        onEdt(() -> {
            find(window, "hangUp", AbstractButton.class).doClick();
            return null;
        });
        await("the call's tile goes away after Hang Up").atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> onEdt(() -> findOrNull(window.frame(), videoName, VideoPanel.class) == null));
        step("clicked Hang Up, tile removed");

        // Now the other peer calls us: the prompt appears, Accept shows their video, their hang-up removes it.
        step("waiting for an incoming call");
        await("the incoming call prompt").atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> onEdt(() -> findOrNull(window.frame(), "accept", AbstractButton.class) != null));
        onEdt(() -> {
            find(window, "accept", AbstractButton.class).doClick();
            return null;
        });
        step("clicked Accept");
        await("the answered call's video is rendered").atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> onEdt(() -> {
                    VideoPanel panel = findOrNull(window.frame(), videoName, VideoPanel.class);
                    return panel != null && panel.frames() > 15;
                }));
        check(onEdt(() -> findOrNull(window.frame(), "accept", AbstractButton.class)) == null,
                "the prompt is gone after Accept");
        step("answered call shows video; waiting for the other side to hang up");
        await("the tile goes away when the other side hangs up").atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> onEdt(() -> findOrNull(window.frame(), videoName, VideoPanel.class) == null));
        step("remote hang-up removed the tile");

        window.frame().dispose();
        onEdt(window::shutdown).get(20, TimeUnit.SECONDS);
        System.out.println(String.format(Locale.ROOT, "DRIVER: PASS lit=%.2f changed=%.3f", Math.min(lit1, lit2), changed));
    }

    private static BufferedImage capture(Robot robot, Component component) throws Exception {
        return robot.createScreenCapture(onEdt(() -> screenBounds(component)));
    }

    static Rectangle screenBounds(Component component) {
        Point p = component.getLocationOnScreen();
        return new Rectangle(p.x, p.y, component.getWidth(), component.getHeight());
    }

    /** Share of pixels clearly brighter than black (the letterbox bars are black). */
    static double litFraction(BufferedImage image) {
        long lit = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int max = Math.max((rgb >> 16) & 0xff, Math.max((rgb >> 8) & 0xff, rgb & 0xff));
                if (max > 40) {
                    lit++;
                }
            }
        }
        return (double) lit / ((long) image.getWidth() * image.getHeight());
    }

    /** Share of pixels that differ noticeably between two same-sized images. */
    static double changedFraction(BufferedImage a, BufferedImage b) {
        check(a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight(), "captures have the same size");
        long changed = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int d = Math.abs(((p >> 16) & 0xff) - ((q >> 16) & 0xff)) + Math.abs(((p >> 8) & 0xff) - ((q >> 8) & 0xff))
                        + Math.abs((p & 0xff) - (q & 0xff));
                if (d > 30) {
                    changed++;
                }
            }
        }
        return (double) changed / ((long) a.getWidth() * a.getHeight());
    }

    private static int indexOf(JList<?> list, String peerId) {
        ListModel<?> model = list.getModel();
        for (int i = 0; i < model.getSize(); i++) {
            if (model.getElementAt(i) instanceof Peer peer && peer.id().equals(peerId)) {
                return i;
            }
        }
        return -1;
    }

    static <T> T find(DemoWindow window, String name, Class<T> type) {
        T found = findOrNull(window.frame(), name, type);
        check(found != null, "a " + type.getSimpleName() + " named '" + name + "' is in the window");
        return found;
    }

    static <T> T findOrNull(Container root, String name, Class<T> type) {
        for (Component c : root.getComponents()) {
            if (name.equals(c.getName()) && type.isInstance(c)) {
                return type.cast(c);
            }
            if (c instanceof Container container) {
                T inner = findOrNull(container, name, type);
                if (inner != null) {
                    return inner;
                }
            }
        }
        if (root instanceof Window w) {
            for (Window owned : w.getOwnedWindows()) {
                if (!owned.isDisplayable()) {
                    continue;
                }
                T inner = findOrNull(owned, name, type);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    static <T> T onEdt(Callable<T> task) throws InterruptedException, InvocationTargetException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() instanceof RuntimeException r) {
            throw r;
        }
        if (failure.get() != null) {
            throw new InvocationTargetException(failure.get());
        }
        return result.get();
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("expected: " + what);
        }
    }

    private static void step(String what) {
        System.out.println("DRIVER: " + what);
    }
}
