package dev.callwire.samples.swing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A virtual X display for one test: {@code Xvfb -displayfd} picks a free display number itself (no race with
 * other test runs) and reports it once it accepts connections. Missing Xvfb fails the test with the Debian
 * package to install; it never skips.
 */
final class Xvfb implements AutoCloseable {

    private final Process process;
    private final String display;

    private Xvfb(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    static Xvfb start() throws IOException, InterruptedException {
        Path binary = find();
        Process process = new ProcessBuilder(binary.toString(), "-displayfd", "1", "-screen", "0", "1280x800x24",
                "-nolisten", "tcp", "-noreset")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            String line = number.get(20, TimeUnit.SECONDS);
            if (line == null || !line.trim().matches("\\d+")) {
                throw new IllegalStateException("Xvfb did not report a display number (got " + line + "), exit "
                        + (process.isAlive() ? "none" : process.exitValue()));
            }
            return new Xvfb(process, ":" + line.trim());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("Xvfb did not start: " + e, e);
        }
    }

    private static Path find() {
        Path standard = Path.of("/usr/bin/Xvfb");
        if (Files.isExecutable(standard)) {
            return standard;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "Xvfb");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("Xvfb is not installed, but this test shows the demo's window on a virtual display: "
                + "install the Debian package 'xvfb' (apt-get install -y xvfb)");
    }

    /** The DISPLAY value, e.g. {@code :1}. */
    String display() {
        return display;
    }

    /** Stops the server; bounded, never throws. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
