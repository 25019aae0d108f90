package dev.callwire.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signaling server instance of a cluster in its own JVM (the test's classpath, the server's command-line
 * main, {@code --port 0 --cluster URI}), so that a test can kill it with SIGKILL as an operator's {@code kill -9}
 * or a crashed host would: no leave, no unregistering, sockets closed by the kernel. The signaling server and
 * its Redis client must be on the test's classpath.
 */
public final class SignalingServerProcess implements AutoCloseable {

    private static final String MAIN = "dev.callwire.server.SignalingServerMain";

    private static final Pattern LISTENING = Pattern.compile("signaling server on http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final Path output;
    private final int port;

    private SignalingServerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /**
     * Starts an instance and waits until it listens (up to 90 s: a JVM starting on a busy machine is slow).
     *
     * @param cluster      the {@code --cluster} URI
     * @param resumeSecret the resume secret, passed through the environment
     * @return the running instance
     * @throws IOException if the process cannot be started
     */
    public static SignalingServerProcess start(URI cluster, String resumeSecret) throws IOException {
        Path output = Files.createTempFile("callwire-cluster-instance", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                MAIN, "--port", "0", "--cluster", cluster.toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // The secret through the environment, as operators should pass it (not visible in the process list).
        builder.environment().put("CALLWIRE_RESUME_SECRET", resumeSecret);
        Process process = builder.start();
        Process started = process;
        int[] port = {-1};
        try {
            await("instance process listening").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new AssertionError("instance exited with " + started.exitValue() + ": "
                                    + Files.readString(output, StandardCharsets.UTF_8));
                        }
                        Matcher matcher = LISTENING.matcher(Files.readString(output, StandardCharsets.UTF_8));
                        if (matcher.find()) {
                            port[0] = Integer.parseInt(matcher.group(1));
                            return true;
                        }
                        return false;
                    });
        } catch (RuntimeException | AssertionError e) {
            started.destroyForcibly();
            Files.deleteIfExists(output);
            throw e;
        }
        return new SignalingServerProcess(process, output, port[0]);
    }

    /** {@code ws://127.0.0.1:PORT/ws} of the instance. */
    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /**
     * SIGKILL, and waits until the process is gone.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("instance process did not die");
        }
    }

    /**
     * What the instance printed so far.
     *
     * @return its standard output and error
     * @throws IOException if the log cannot be read
     */
    public String log() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(output);
    }
}
