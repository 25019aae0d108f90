package dev.callwire.benchmarks.setup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's Mosquitto broker on a free 127.0.0.1 port: anonymous, no persistence (as in transport-mqtt's tests). */
final class Mosquitto implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private Mosquitto(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static Mosquitto start() throws IOException, InterruptedException {
        Path binary = Path.of(System.getProperty("callwire.mosquitto", "/usr/sbin/mosquitto"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("the MQTT part needs Mosquitto at " + binary
                    + " (apt-get install mosquitto, or -Dcallwire.mosquitto=PATH)");
        }
        Path dir = Files.createTempDirectory("callwire-bench-mosquitto");
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            port = socket.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous true",
                "persistence false", "log_dest stderr", "log_type error", "log_type warning", ""),
                StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(List.of(binary.toString(), "-c", conf.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        Mosquitto broker = new Mosquitto(dir, port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                broker.close();
                throw new IllegalStateException("mosquitto did not start on port " + port);
            }
            Thread.sleep(50);
        }
        return broker;
    }

    URI uri() {
        return URI.create("mqtt://127.0.0.1:" + port);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }
}
