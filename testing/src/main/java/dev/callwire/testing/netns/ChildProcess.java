package dev.callwire.testing.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** A long-running child process (stdout and stderr merged) whose lines are collected as they come. */
public final class ChildProcess implements AutoCloseable {

    private final String label;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "child-" + label);
        reader.setDaemon(true);
        reader.start();
    }

    public static ChildProcess start(String label, List<String> command) {
        try {
            return new ChildProcess(label, new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + label + ": " + command, e);
        }
    }

    public String label() {
        return label;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String output() {
        return String.join("\n", lines);
    }

    /** Waits until some line matches (fails if the process exits first, or after {@code timeout}). */
    public void awaitLine(String what, Predicate<List<String>> ready, Duration timeout) {
        try {
            Awaitility.await(label + ": " + what).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> ready.test(lines()) || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(label + " not ready after " + timeout + " (" + what + "); output:\n" + output(), e);
        }
        if (!ready.test(lines())) {
            awaitOutputEnd();
            throw new AssertionError(label + " exited with " + process.exitValue() + " before " + what + "; output:\n"
                    + output());
        }
    }

    /** Waits for the process to exit; kills it and fails after {@code timeout}. Returns the exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(label + " still running after " + timeout + "; killed. Output:\n" + output());
        }
        awaitOutputEnd();
        return process.exitValue();
    }

    private void awaitOutputEnd() {
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes one line to the process's standard input (drivers that take commands there). */
    public void send(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to " + label + "; output:\n" + output(), e);
        }
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    public void writeLog(Path file) {
        try {
            Files.writeString(file, output() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("could not write " + file + ": " + e);
        }
    }

    /** SIGTERM, then SIGKILL after 5 s; also ends its descendants (the JVMs and coturn have none, normally). */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        awaitOutputEnd();
    }
}
