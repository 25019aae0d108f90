package dev.callwire.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Mosquitto broker for one test: Debian's {@code mosquitto} binary on a free 127.0.0.1 port, anonymous,
 * without persistence. Register with {@code @RegisterExtension}; it starts before each test and is killed after.
 * A missing binary fails the test (it is never skipped): install the Debian package {@code mosquitto}, or point
 * the system property {@value #BINARY_PROPERTY} at the binary.
 */
public final class MosquittoBroker implements BeforeEachCallback, AfterEachCallback, RestartableServer {

    /** The system property that overrides where the {@code mosquitto} binary is. */
    public static final String BINARY_PROPERTY = "callwire.mosquitto";
    private static final String DEFAULT_BINARY = "/usr/sbin/mosquitto";

    private Path dir;
    private Path log;
    private int port;
    private Process process;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("callwire-mosquitto");
        log = dir.resolve("mosquitto.log");
        port = freePort();
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        stop();
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The broker's port. */
    public int port() {
        return port;
    }

    /** {@code mqtt://127.0.0.1:PORT} plus {@code suffix} (a path and/or query). */
    public URI uri(String suffix) {
        return URI.create("mqtt://127.0.0.1:" + port + suffix);
    }

    /** Paho's address of the broker. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker (again) on the same port and waits until it accepts connections. */
    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("mosquitto is already running");
        }
        Path binary = Path.of(System.getProperty(BINARY_PROPERTY, DEFAULT_BINARY));
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("The MQTT tests need the Mosquitto broker at " + binary + ", which is missing. "
                    + "Install the Debian package 'mosquitto' (apt-get install mosquitto), or set the system property "
                    + BINARY_PROPERTY + " to the binary.");
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                "") , StandardCharsets.UTF_8);
        process = new ProcessBuilder(List.of(binary.toString(), "-c", conf.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        try {
            await("mosquitto accepting connections on 127.0.0.1:" + port)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new AssertionError("mosquitto exited with " + started.exitValue() + ": " + logText());
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException | AssertionError e) {
            stop();
            throw new AssertionError("mosquitto did not start on port " + port + "; its log: " + logText(), e);
        }
    }

    /** Stops the broker as a crash would: SIGKILL, no goodbyes, no wills sent. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Stops the broker gracefully (SIGTERM), then forcibly if it hangs. */
    @Override
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** Stops the broker; {@link #afterEach} also removes its files. */
    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** What the broker logged so far. */
    public String logText() {
        try {
            return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
