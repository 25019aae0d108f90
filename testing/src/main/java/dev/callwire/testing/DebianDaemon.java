package dev.callwire.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * What the Debian daemons tests start ({@code redis-server}, {@code mosquitto}) have in common: a temporary folder
 * and a free 127.0.0.1 port kept across restarts, the binary looked up (a missing one fails, naming the package and
 * the override property), the output in a log file, a wait until the daemon answers, SIGTERM or SIGKILL.
 */
final class DebianDaemon {

    private final String name;
    private final String debianPackage;
    private final String binaryProperty;
    private final String defaultBinary;
    private final String neededBy;
    private Path dir;
    private Path log;
    private int port;
    private Process process;

    /**
     * @param name           the daemon's name in messages and its log file's
     * @param debianPackage  the package that installs it
     * @param binaryProperty the system property that overrides the binary's path
     * @param defaultBinary  where Debian installs it
     * @param neededBy       who needs it, for the message of a missing binary ("The MQTT tests")
     */
    DebianDaemon(String name, String debianPackage, String binaryProperty, String defaultBinary, String neededBy) {
        this.name = name;
        this.debianPackage = debianPackage;
        this.binaryProperty = binaryProperty;
        this.defaultBinary = defaultBinary;
        this.neededBy = neededBy;
    }

    /** A fresh folder and port; before the first {@link #start}. */
    void prepare() throws IOException {
        dir = Files.createTempDirectory("callwire-" + name);
        log = dir.resolve(name + ".log");
        port = freePort();
    }

    Path dir() {
        return dir;
    }

    int port() {
        return port;
    }

    /** The binary; fails naming the package to install when it is missing. */
    Path binary() {
        Path binary = Path.of(System.getProperty(binaryProperty, defaultBinary));
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(neededBy + " need " + name + " at " + binary + ", which is missing. Install the "
                    + "Debian package '" + debianPackage + "' (apt-get install " + debianPackage + "), or set the "
                    + "system property " + binaryProperty + " to the binary.");
        }
        return binary;
    }

    /**
     * Runs {@code command} and waits up to 10 s until {@code ready} holds for the port; on failure the daemon is
     * stopped and the error carries its log.
     */
    synchronized void start(List<String> command, IntPredicate ready) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        try {
            await(name + " answering on 127.0.0.1:" + port)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new AssertionError(name + " exited with " + started.exitValue() + ": " + logText());
                        }
                        return ready.test(port);
                    });
        } catch (RuntimeException | AssertionError e) {
            stop();
            throw new AssertionError(name + " did not start on port " + port + "; its log: " + logText(), e);
        }
    }

    /** The running daemon's process id, for CPU accounting. */
    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** SIGKILL, as a crash would. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, 10);
            process = null;
        }
    }

    /** SIGTERM, then SIGKILL if it hangs. */
    synchronized void stop() {
        if (process != null) {
            process.destroy();
            if (!waitFor(process, 5)) {
                process.destroyForcibly();
                waitFor(process, 5);
            }
            process = null;
        }
    }

    /** Stops the daemon and removes its folder. Idempotent. */
    void stopAndDelete() throws IOException {
        stop();
        if (dir != null && Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    String logText() {
        try {
            return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Whether something accepts TCP connections on the port. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean waitFor(Process process, int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
