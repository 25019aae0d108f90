package dev.callwire.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * A real Redis server for one test: Debian's {@code redis-server} on a free 127.0.0.1 port, without
 * persistence (a restart forgets everything, the worst case for the signaling cluster). Register with
 * {@code @RegisterExtension}; it starts before each test and is killed after. A missing binary fails the test
 * (it is never skipped): install the Debian package {@code redis-server}, or point the system property
 * {@value #BINARY_PROPERTY} at the binary.
 */
public final class RedisServer implements BeforeEachCallback, AfterEachCallback, RestartableServer {

    /** The system property that overrides where the {@code redis-server} binary is. */
    public static final String BINARY_PROPERTY = "callwire.redis";
    private static final String DEFAULT_BINARY = "/usr/bin/redis-server";

    private Path dir;
    private Path log;
    private int port;
    private Process process;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("callwire-redis");
        log = dir.resolve("redis.log");
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

    /** The server's port. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT} plus {@code suffix} (a database path and/or query). */
    public URI uri(String suffix) {
        return URI.create("redis://127.0.0.1:" + port + suffix);
    }

    /** Starts the server (again) on the same port, empty, and waits until it answers {@code PING}. */
    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server is already running");
        }
        Path binary = Path.of(System.getProperty(BINARY_PROPERTY, DEFAULT_BINARY));
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("The cluster tests need the Redis server at " + binary + ", which is missing. "
                    + "Install the Debian package 'redis-server' (apt-get install redis-server), or set the system "
                    + "property " + BINARY_PROPERTY + " to the binary.");
        }
        process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--logfile", ""))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        try {
            await("redis-server answering PING on 127.0.0.1:" + port)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new AssertionError("redis-server exited with " + started.exitValue() + ": " + logText());
                        }
                        return pongs(port);
                    });
        } catch (RuntimeException | AssertionError e) {
            stop();
            throw new AssertionError("redis-server did not start on port " + port + "; its log: " + logText(), e);
        }
    }

    /** Stops the server as a crash would: SIGKILL. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Stops the server (SIGTERM), then forcibly if it hangs. */
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

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** What the server logged so far. */
    public String logText() {
        try {
            return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static boolean pongs(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
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
