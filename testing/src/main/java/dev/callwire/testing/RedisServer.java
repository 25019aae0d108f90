package dev.callwire.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis server for one test: Debian's {@code redis-server} on a free 127.0.0.1 port, without
 * persistence (a restart forgets everything, the worst case for the signaling cluster). Register with
 * {@code @RegisterExtension}; it starts before each test and is killed after. Programs (benchmarks) use
 * {@link #launch()} instead. A missing binary fails the test (it is never skipped): install the Debian package
 * {@code redis-server}, or point the system property {@value #BINARY_PROPERTY} at the binary.
 */
public final class RedisServer implements BeforeEachCallback, AfterEachCallback, RestartableServer {

    /** The system property that overrides where the {@code redis-server} binary is. */
    public static final String BINARY_PROPERTY = "callwire.redis";

    private final DebianDaemon daemon = new DebianDaemon("redis-server", "redis-server", BINARY_PROPERTY,
            "/usr/bin/redis-server", "The cluster tests");

    /**
     * A running server outside JUnit; {@link #close()} stops it and removes its files.
     *
     * @return the started server
     * @throws IOException if it cannot be started
     */
    public static RedisServer launch() throws IOException {
        RedisServer server = new RedisServer();
        server.daemon.prepare();
        server.start();
        return server;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        daemon.prepare();
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        daemon.stopAndDelete();
    }

    /** The server's port. */
    public int port() {
        return daemon.port();
    }

    /** The running server's process id (for CPU accounting). */
    public long pid() {
        return daemon.pid();
    }

    /** {@code redis://127.0.0.1:PORT} plus {@code suffix} (a database path and/or query). */
    public URI uri(String suffix) {
        return URI.create("redis://127.0.0.1:" + port() + suffix);
    }

    /** Starts the server (again) on the same port, empty, and waits until it answers {@code PING}. */
    @Override
    public void start() throws IOException {
        daemon.start(List.of(daemon.binary().toString(), "--port", Integer.toString(port()),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", daemon.dir().toString(),
                "--daemonize", "no", "--logfile", ""), RedisServer::pongs);
    }

    /** Stops the server as a crash would: SIGKILL. */
    public void kill() {
        daemon.kill();
    }

    /** Stops the server (SIGTERM), then forcibly if it hangs. */
    @Override
    public void stop() {
        daemon.stop();
    }

    /** Stops the server and removes its files. */
    @Override
    public void close() throws IOException {
        daemon.stopAndDelete();
    }

    /** What the server logged so far. */
    public String logText() {
        return daemon.logText();
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
}
