package dev.callwire.testing.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Linux network namespaces for one test: creates namespaces with unique names, veth pairs between them (created
 * directly inside the namespaces, so the root namespace never sees a device), addresses and routes inside them, and
 * on {@link #close()} kills whatever still runs in them and deletes them (which also deletes their veth devices).
 * Only ever touches the namespaces it created. Needs root and {@code ip} (iproute2).
 */
public final class NetworkNamespaces implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final Path ip;
    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final Set<String> created = new LinkedHashSet<>();
    private final Thread shutdownHook = new Thread(this::deleteAll, "netns-cleanup");

    public NetworkNamespaces(Path ip) {
        this.ip = ip;
        // Should the test JVM be stopped mid-test (failsafe timeout, Ctrl-C), still delete what was created.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The {@code ip} binary every command goes through. */
    public Path ip() {
        return ip;
    }

    /** The random part of every namespace name this instance creates. */
    public String suffix() {
        return suffix;
    }

    /** {@code ip netns add <prefix><suffix>}; returns the name. */
    public synchronized String add(String prefix) {
        String name = prefix + suffix;
        created.add(name); // before creating: a half-created namespace is still deleted on close
        ip("netns", "add", name);
        ip("-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** A veth pair, {@code leftDev} in {@code left} and {@code rightDev} in {@code right}, both set up. */
    public void link(String left, String leftDev, String right, String rightDev) {
        ip("-n", left, "link", "add", leftDev, "type", "veth", "peer", "name", rightDev, "netns", right);
        ip("-n", left, "link", "set", leftDev, "up");
        ip("-n", right, "link", "set", rightDev, "up");
    }

    /** {@code ip -n ns addr add cidr dev dev}. */
    public void address(String ns, String dev, String cidr) {
        ip("-n", ns, "addr", "add", cidr, "dev", dev);
    }

    /** {@code ip -n ns route add default via gateway}. */
    public void defaultRoute(String ns, String gateway) {
        ip("-n", ns, "route", "add", "default", "via", gateway);
    }

    /** {@code ip -n ns args...}: any other change inside one of our namespaces (bridges, links down, addresses). */
    public void ipIn(String ns, String... args) {
        List<String> line = new ArrayList<>(List.of("-n", ns));
        line.addAll(List.of(args));
        ip(line.toArray(String[]::new));
    }

    /** Writes a value under {@code /proc/sys} as seen from inside {@code ns} (no dependency on procps' sysctl). */
    public void sysctl(String ns, String key, String value) {
        String path = "/proc/sys/" + key.replace('.', '/');
        Result result = exec(ns, COMMAND_TIMEOUT, "sh", "-c", "echo " + value + " > " + path + " && cat " + path);
        if (result.exitCode() != 0 || !result.output().strip().equals(value)) {
            throw new IllegalStateException("could not set " + key + "=" + value + " in " + ns + ": " + result);
        }
    }

    /** The command line that runs {@code command} inside {@code ns}, for long-running processes. */
    public List<String> command(String ns, String... command) {
        List<String> line = new ArrayList<>(List.of(ip.toString(), "netns", "exec", ns));
        line.addAll(List.of(command));
        return line;
    }

    /** Runs {@code command} inside {@code ns} and waits for it, at most {@code timeout}. */
    public Result exec(String ns, Duration timeout, String... command) {
        return run(timeout, command(ns, command));
    }

    private void ip(String... args) {
        List<String> line = new ArrayList<>(List.of(ip.toString()));
        line.addAll(List.of(args));
        Result result = run(COMMAND_TIMEOUT, line);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed: " + result);
        }
    }

    /** Kills every process still inside our namespaces (by pid) and deletes the namespaces. */
    @Override
    public void close() {
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private synchronized void deleteAll() {
        List<String> problems = new ArrayList<>();
        for (String ns : List.copyOf(created)) {
            Result pids = run(COMMAND_TIMEOUT, List.of(ip.toString(), "netns", "pids", ns));
            pids.output().lines().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::parseLong)
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
                        p.destroyForcibly();
                        p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
                    }));
            Result deleted = run(COMMAND_TIMEOUT, List.of(ip.toString(), "netns", "del", ns));
            if (deleted.exitCode() == 0 || !Files.exists(Path.of("/run/netns", ns))) {
                created.remove(ns);
            } else {
                problems.add(ns + ": " + deleted);
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("could not delete network namespaces: " + problems);
        }
    }

    /** Runs a command, collecting stdout and stderr together; kills it after {@code timeout} (exit code -1). */
    public static Result run(Duration timeout, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        }
        try {
            process.getOutputStream().close(); // nothing to read from us
        } catch (IOException ignored) {
            // already closed
        }
        CompletableFuture<String> output = drain(process.getInputStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeout + ": " + output.getNow(""));
            }
            return new Result(process.exitValue(), output.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted running " + command, e);
        } catch (Exception e) {
            return new Result(process.exitValue(), "output unreadable: " + e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        });
    }

    /** A finished command: its exit code and its stdout+stderr. */
    public record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + (output.isBlank() ? "" : ", output: " + output.strip());
        }
    }
}
