package dev.callwire.samples.swing;

import java.awt.AWTError;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.SwingUtilities;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar swing-demo.jar}: a video-call window, or a headless loopback self-check where there is
 * no display.
 *
 * <p>Without {@code --signaling} the demo starts a signaling server in its own process (127.0.0.1:8080, or a
 * free port when 8080 is taken) and prints its address, so a second demo ({@code --signaling ws://...}) or
 * the browser client can join the same room.
 */
@Command(name = "swing-demo", mixinStandardHelpOptions = true, version = "Callwire Swing demo 0.1.0",
        sortOptions = false,
        description = {"A video-call window: Start joins the room, Call rings a person (or everyone), Hang Up ends.",
                "Without a display it runs a headless loopback call and prints a verdict instead."})
public final class SwingDemo implements Callable<Integer> {

    /** Exit code of {@link #call()} meaning "the window is open; keep the JVM running". */
    static final int WINDOW_OPEN = -1;

    @Option(names = "--signaling", paramLabel = "URI", split = ",",
            description = "Signaling server, e.g. ws://host:8080/ws, or several instances of a signaling cluster "
                    + "comma-separated (default: start one in this process).")
    java.util.List<URI> signaling;

    @Option(names = "--room", paramLabel = "ROOM",
            description = "Room to join (default: the one used last time, else demo).")
    String room;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Your name as others see it (default: the one used last time, else your user name).")
    String name;

    @Option(names = "--downloads", paramLabel = "DIR",
            description = "Where received files are put (default: ~/Downloads/Callwire).")
    java.nio.file.Path downloads;

    @Option(names = "--headless", description = "Run the loopback self-check even when a display exists.")
    boolean headless;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "8",
            description = "Headless mode: how long the loopback call lasts (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--video", paramLabel = "WxH@FPS", defaultValue = "640x480@30", converter = VideoSpecConverter.class,
            description = "Size and rate of the outgoing video (default: ${DEFAULT-VALUE}).")
    VideoSpec video;

    private final PrintStream out;

    SwingDemo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int code = run(System.out, System.err, args);
        if (code != WINDOW_OPEN) {
            System.exit(code);
        }
    }

    /** Runs the demo; returns the exit code, or {@link #WINDOW_OPEN} when the window is showing. */
    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new SwingDemo(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("swing-demo: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            err.println("swing-demo: " + HeadlessLoopback.describe(e));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        if (seconds < 1 || seconds > 3600) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--seconds must be between 1 and 3600, got " + seconds);
        }
        String why = noDisplayReason();
        if (why != null) {
            return headless(why);
        }
        try {
            openWindow();
            return WINDOW_OPEN;
        } catch (HeadlessException | AWTError e) {
            // DISPLAY is set but no X server answers, or the toolkit cannot start.
            return headless("the display could not be opened (" + e.getMessage() + ")");
        }
    }

    private int headless(String why) {
        out.println("No display: " + why + "; running a headless loopback call instead.");
        return new HeadlessLoopback(out, room != null ? room : "demo", video, seconds).run();
    }

    /** Why no window can be shown, or {@code null} when one can. */
    private String noDisplayReason() {
        if (headless) {
            return "--headless was given";
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean x11 = !os.contains("win") && !os.contains("mac");
        if (x11 && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
            return "DISPLAY is not set";
        }
        if (GraphicsEnvironment.isHeadless()) {
            return "Java runs in headless mode";
        }
        try {
            GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice();
            return null;
        } catch (HeadlessException | AWTError | LinkageError e) {
            // DISPLAY is set but no X server answers, or a native toolkit library is missing.
            return "the display could not be opened (" + e.getMessage() + ")";
        }
    }

    private void openWindow() {
        EmbeddedSignaling server = null;
        URI signalingUri = signaling == null ? null : signaling.get(0);
        URI browserUri = null;
        if (signalingUri == null) {
            server = EmbeddedSignaling.startPreferringDefaultPort();
            signalingUri = server.webSocketUri();
            browserUri = server.httpUri();
            out.println("Signaling server started: " + signalingUri);
            out.println("Browser client: " + browserUri + "   (or run a second demo with --signaling " + signalingUri + ")");
        }
        DemoWindow.Settings settings = new DemoWindow.Settings(
                signaling == null ? java.util.List.of(signalingUri) : signaling, browserUri, room, name, video,
                downloads != null ? downloads : DemoWindow.Settings.defaultDownloads());
        EmbeddedSignaling ownedServer = server;
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> {
                try {
                    DemoWindow window = DemoWindow.open(settings, ownedServer);
                    window.exitOnClose();
                } catch (RuntimeException | AWTError e) {
                    failure.set(e instanceof RuntimeException r ? r : new HeadlessException(e.getMessage()));
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the window", e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            failure.set(new IllegalStateException(e.getCause()));
        }
        if (failure.get() != null) {
            if (ownedServer != null) {
                ownedServer.close();
            }
            throw failure.get();
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** picocli converter for {@code --video}. */
    static final class VideoSpecConverter implements CommandLine.ITypeConverter<VideoSpec> {
        @Override
        public VideoSpec convert(String value) {
            try {
                return VideoSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
