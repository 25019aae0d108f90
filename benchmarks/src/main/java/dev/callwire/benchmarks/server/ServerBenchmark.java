package dev.callwire.benchmarks.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Signaling server throughput, CPU, latency and memory per connection against the server a user would pick
 * instead: a minimal node relay on socket.io 4 and ws ({@code benchmarks/node-relay}, installed with
 * {@code npm ci} on first use), measured in the same run with the same load generator.
 *
 * <p>{@code java -jar benchmarks.jar server [--rounds=3] [--connections=1000] [--rate=5000] [--seconds=10]
 * [--idle=1000,10000]}
 *
 * <p>Load: for each endpoint ({@code /ws}, socket.io) and each server, in a fresh server process, a load generator
 * JVM ({@link LoadGenerator}) opens the connections (2 per room) and joins, then runs a warm-up, a fixed-rate
 * phase and a saturation phase; server CPU (all threads, {@code /proc/PID/stat}) of the last two phases is
 * divided by the messages they relayed.
 *
 * <p>Idle memory: in a fresh server process, N/2 connections join (so that classes, compiled code, buffer pools
 * and the heap exist before the measurement, for both servers), the server collects its garbage and its RSS is
 * read; N/2 more join, the same again; the difference over N/2 is what one more idle connection costs at N.
 * Ratios are Callwire / node. Each collection ({@link IdleMemoryReading}) is two full GCs 6 s apart with the server
 * idle in between, and for node also V8's memory reducer when it runs: left to V8's timers, what a burst of joins
 * left was given back in either reading or in neither, which moved node's figure at 1,000 by 16-24 KiB per
 * connection (2026-12-02, {@code --rss-trace}). Each RSS is read twice: at once (one native-heap trim interval after
 * the last collection) and settled, the median of the RSS sampled every 500 ms over the second half of
 * {@code --settle} seconds after it. The targets are read off the settled columns, because a JVM's RSS still moves
 * for seconds after a GC (HotSpot's arena chunk pool is emptied every 5 s, the native-heap trim runs every 3 s).
 * The summary reports the median of the rounds' ratios.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Callwire signaling server vs a minimal node socket.io/ws relay, same run, same load.")
public final class ServerBenchmark implements Callable<Integer> {

    @Mixin
    LoadShape shape;
    @Option(names = "--idle", defaultValue = "1000,10000",
            description = "idle connection counts for memory per connection, comma-separated; empty for none")
    String idleCounts;
    /** {@link #idleCounts} parsed; a list option refused the empty value its description promised. */
    List<Integer> idle = List.of();
    @Option(names = "--endpoints", split = ",", defaultValue = "ws,sio", description = "ws, sio")
    List<String> endpoints;

    @Option(names = "--memory-only", description = "skip the load phases: idle memory per connection only")
    boolean memoryOnly;

    @Option(names = "--settle", defaultValue = "12", description = "read idle memory settled as well: the median RSS "
            + "over the second half of this many seconds after each GC (default ${DEFAULT-VALUE}; 0: only at once)")
    int settleSeconds;

    @Option(names = "--rss-trace", description = "print every RSS sample of the idle readings, from the GC on, and "
            + "each server's heap right after it, to see when and why each server's RSS moves")
    boolean rssTrace;

    @Option(names = "--trace", description = "write every fixed-rate message's send time and latency to files in "
            + "this folder (trace-SERVER-ENDPOINT-roundN.txt), to line up with a server GC log or JFR recording")
    Path traceDir;

    @Option(names = "--rounds", defaultValue = "1",
            description = "rounds of every measurement; each round alternates which server goes first")
    int rounds;

    record Load(int round, String server, String endpoint, double cpuMicrosPerMsg, long rssKiBAfter,
                Map<String, String> fixed, Map<String, String> saturate, String ready) {
        double throughput() {
            return num(saturate, "msgsPerSec");
        }

        double fixedP50() {
            return num(fixed, "p50us");
        }

        double fixedP99() {
            return num(fixed, "p99us");
        }

        private static double num(Map<String, String> m, String key) {
            return Double.parseDouble(m.getOrDefault(key, "NaN"));
        }
    }

    /**
     * RSS with the first half of the connections joined ({@code before}) and with all of them ({@code after}), read
     * at once and, with {@code --settle}, settled ({@code -1} when not read); and the heap in use right after each
     * GC, the live data ({@code -1} when the server did not say).
     */
    record Idle(int round, String server, String endpoint, int connections, int joined, long rssKiBBefore,
                long rssKiBAfter, long settledKiBBefore, long settledKiBAfter, long heapKiBBefore, long heapKiBAfter) {
        double bytesPerConnection() {
            return perConnection(rssKiBBefore, rssKiBAfter);
        }

        double settledBytesPerConnection() {
            return perConnection(settledKiBBefore, settledKiBAfter);
        }

        double heapBytesPerConnection() {
            return perConnection(heapKiBBefore, heapKiBAfter);
        }

        boolean settled() {
            return settledKiBBefore >= 0;
        }

        boolean heapKnown() {
            return heapKiBBefore >= 0 && heapKiBAfter >= 0;
        }

        private double perConnection(long kibBefore, long kibAfter) {
            return (kibAfter - kibBefore) * 1024.0 / (joined - joined / 2);
        }
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new ServerBenchmark()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() throws Exception {
        idle = idleCounts.isBlank() ? List.of()
                : java.util.Arrays.stream(idleCounts.split(",")).map(String::trim).map(Integer::valueOf).toList();
        System.out.printf(Locale.ROOT, "server benchmark: %d round(s), %d connections in %d rooms, warm-up 2 x %d s, fixed %d msg/s for "
                        + "%d s, saturation window %d for %d s, idle %s; %d cores, load average %s; node %s; "
                        + "Callwire server JVM %s%n", rounds, shape.connections, shape.connections / 2, shape.warmup, shape.rate, shape.seconds, shape.window,
                shape.seconds, idle, Runtime.getRuntime().availableProcessors(), loadAverage(), nodeVersion(), SERVER_JVM);
        List<Load> loads = new ArrayList<>();
        List<Idle> idles = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // Which server runs first alternates: a machine that drifts (other work, heat) then favours neither.
            List<String> servers = round % 2 == 0 ? List.of("node", "callwire") : List.of("callwire", "node");
            for (String endpoint : memoryOnly ? List.<String>of() : endpoints) {
                for (String server : servers) {
                    Load run = load(round, server, endpoint);
                    loads.add(run);
                    System.out.printf(Locale.ROOT, "  %-8s %-3s round %d %s | fixed: %s | saturate: %s | server CPU "
                                    + "%.1f us/msg | RSS after %d MiB%n", server, endpoint, round + 1, run.ready(),
                            brief(run.fixed()), brief(run.saturate()), run.cpuMicrosPerMsg(), run.rssKiBAfter() / 1024);
                }
            }
            for (int count : idle) {
                for (String endpoint : endpoints) {
                    for (String server : servers) {
                        Idle run = idle(round, server, endpoint, count);
                        idles.add(run);
                        System.out.printf(Locale.ROOT, "  %-8s %-3s round %d %,d idle: RSS %d MiB at %,d, %d MiB at "
                                        + "%,d: %.1f KiB/connection%s%n", server, endpoint, round + 1, count,
                                run.rssKiBBefore() / 1024, count / 2, run.rssKiBAfter() / 1024, count,
                                run.bytesPerConnection() / 1024, !run.settled() ? "" : String.format(Locale.ROOT,
                                        "; settled %d and %d MiB: %.1f KiB/connection", run.settledKiBBefore() / 1024,
                                        run.settledKiBAfter() / 1024, run.settledBytesPerConnection() / 1024));
                    }
                }
            }
        }
        System.out.println("  load average at the end: " + loadAverage());
        System.out.print(new ServerSummary(loads, idles, endpoints, idle, rounds).render(shape.connections, shape.rate));
        return 0;
    }

    private static String brief(Map<String, String> m) {
        return String.format(Locale.ROOT, "%s/%s delivered, %s msgs/s, p50 %s us, p99 %s us, max %s us",
                m.get("delivered"), m.get("sent"), m.get("msgsPerSec"), m.get("p50us"), m.get("p99us"), m.get("maxus"));
    }

    Load load(int round, String server, String endpoint) throws Exception {
        Child srv = startServer(server, endpoint + "-load");
        Child gen = null;
        try {
            String port = srv.await("PORT ", 120).substring(5).trim();
            gen = loadGenerator(port, endpoint, shape.connections, shape.generatorArgs(),
                    "trace-" + server + "-" + endpoint + "-round" + (round + 1) + ".txt");
            String ready = gen.await("READY ", 300).substring(6);
            gen.send("go");
            gen.await("PHASE fixed", 8L * shape.warmup + 60); // the warm-up runs at the fixed rate, then saturated
            long cpu0 = cpuMicros(srv.pid());
            // Generous: on a busy machine the drains after each phase take a while.
            Map<String, String> fixed = parse(gen.await("RESULT phase=fixed", 4L * (shape.warmup + shape.seconds) + 60));
            Map<String, String> saturate = parse(gen.await("RESULT phase=saturate", 4L * shape.seconds + 60));
            long cpu1 = cpuMicros(srv.pid());
            long rss = rssKiB(srv.pid());
            long total = Long.parseLong(parse(gen.await("END", 10)).get("delivered"));
            gen.send("quit");
            return new Load(round, server, endpoint, (cpu1 - cpu0) / (double) total, rss, fixed, saturate, ready);
        } finally {
            if (gen != null) {
                gen.stop();
            }
            srv.send("quit");
            srv.stop();
        }
    }

    Idle idle(int round, String server, String endpoint, int count) throws Exception {
        Child srv = startServer(server, endpoint + "-idle" + count);
        Child first = null;
        Child second = null;
        try {
            String port = srv.await("PORT ", 120).substring(5).trim();
            // The first half warms the server up (classes, compiled code, pools, heap); the second half is measured.
            int half = count / 2;
            first = loadGenerator(port, endpoint, half, List.of("idle"), null);
            int joinedFirst = joined(first.await("READY ", 300), half);
            awaitQuiet(srv.pid());
            IdleMemoryReading reading = new IdleMemoryReading(settleSeconds, rssTrace);
            long[] before = reading.take(srv, server, endpoint + " " + half);
            second = loadGenerator(port, endpoint, count - half, List.of("idle"), null);
            int joinedSecond = joined(second.await("READY ", 300), count - half);
            awaitQuiet(srv.pid());
            long[] after = reading.take(srv, server, endpoint + " " + count);
            return new Idle(round, server, endpoint, count, joinedFirst + joinedSecond, before[0], after[0],
                    before[1], after[1], before[2], after[2]);
        } finally {
            for (Child gen : new Child[] {second, first}) {
                if (gen != null) {
                    gen.send("quit");
                    gen.stop();
                }
            }
            srv.send("quit");
            srv.stop();
        }
    }

    /** How many connections of a load generator joined; fewer than asked is reported, not hidden. */
    private static int joined(String ready, int asked) {
        int joined = Integer.parseInt(parse(ready).get("ready"));
        if (joined < asked) {
            System.out.println("  WARNING: only " + joined + " of " + asked + " idle connections joined: " + ready);
        }
        return joined;
    }

    /** Waits until the server's CPU time stops growing (joins are handled), at most 10 s. */
    private static void awaitQuiet(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = cpuMicros(pid);
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = cpuMicros(pid);
            if (now - last < 10_000) { // under 4% of a core: nothing left to do
                return;
            }
            last = now;
        }
    }

    private Child startServer(String server, String tag) throws Exception {
        if (server.equals("node")) {
            Path dir = nodeRelayDir();
            npmCi(dir);
            List<String> command = new ArrayList<>(List.of("node", "--expose-gc"));
            // e.g. -Dcallwire.bench.nodeArgs=--trace-gc
            command.addAll(extraArgs("callwire.bench.nodeArgs", tag));
            command.addAll(List.of("relay.mjs", "0"));
            return Child.start("server-node", command, dir);
        }
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(SERVER_JVM);
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        // e.g. -Dcallwire.bench.serverJvm=-XX:StartFlightRecording=filename=/tmp/srv-%s.jfr,settings=profile
        command.addAll(extraArgs("callwire.bench.serverJvm", tag));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerProcess.class.getName()));
        return Child.start("server-callwire", command, null);
    }

    /** Options appended to a server's command line from a system property, {@code %s} replaced by the run's tag. */
    private static List<String> extraArgs(String property, String tag) {
        String extra = System.getProperty(property, "").replace("%s", tag);
        return extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
    }

    /**
     * The Callwire server's JVM options, those docs/production.md recommends; node runs with its defaults. Others
     * are appended with {@code -Dcallwire.bench.serverJvm}. The heap-free ratios: after a full GC, G1 keeps 40-70%
     * of the heap free by default, so which of that band each of the two measurements landed in decided the idle
     * memory per connection (2.4 to 19.7 KiB at 10,000 in one run); with 10-30% it varied by a sixth. The native
     * heap trim: glibc keeps what the JVM frees (compilers' arenas, mostly) in its arenas, and while 5,000
     * connections joined one arena grew by ~17 MB that NMT no longer counted, ~3 of an idle connection's 5.5 KiB at
     * 10,000; trimming every 3 s returned it (2.6 KiB per connection in all). C2 only: with tiered compilation C1
     * compiled ~380 methods of the connection set-up path (~1 MB of code) while the measured half of 1,000 idle
     * connections joined, 7-16 KiB per connection in all against 3-7 without it (2026-12-02).
     */
    static final int TRIM_INTERVAL_MILLIS = 3000;
    static final List<String> SERVER_JVM = List.of("-Xms64m", "-Xmx1g", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-XX:TrimNativeHeapInterval=" + TRIM_INTERVAL_MILLIS, "-XX:-TieredCompilation");

    /** @param traceName the latency trace's file name in {@link #traceDir}; {@code null} for none */
    private Child loadGenerator(String port, String endpoint, int count, List<String> mode, String traceName)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-Xms256m", "-Xmx2g", "-Xss256k"));
        if (traceDir != null && traceName != null) {
            command.add("-D" + LatencyTrace.PROPERTY + "=" + traceDir.resolve(traceName).toAbsolutePath());
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName(), port,
                endpoint, String.valueOf(count)));
        command.addAll(mode);
        return Child.start("loadgen", command, null);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code npm ci} in the relay's folder when its packages are missing, like the set-up benchmark's browser. */
    private static void npmCi(Path dir) throws Exception {
        if (Files.isDirectory(dir.resolve("node_modules/socket.io")) && Files.isDirectory(dir.resolve("node_modules/ws"))) {
            return;
        }
        System.out.println("  (npm ci in " + dir + ")");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed in " + dir + " (the node baseline needs node 18+ and npm)");
        }
    }

    /** The machine's 1/5/15-minute load averages: other work on the cores makes every figure noisier. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String nodeVersion() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(node.getInputStream().readAllBytes()).trim();
            node.waitFor(10, TimeUnit.SECONDS);
            return version;
        } catch (Exception e) {
            throw new IllegalStateException("the server benchmark's baseline needs 'node' (18+) on the PATH", e);
        }
    }

    /** {@code benchmarks/node-relay}: next to {@code target/} of the running jar, or {@code -Dcallwire.bench.nodeRelay}. */
    private static Path nodeRelayDir() throws Exception {
        String configured = System.getProperty("callwire.bench.nodeRelay");
        if (configured != null) {
            return Path.of(configured);
        }
        Path jar = Path.of(ServerBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Path candidate : List.of(jar.getParent().getParent().resolve("node-relay"),
                Path.of("benchmarks" + File.separator + "node-relay"), Path.of("node-relay"))) {
            if (Files.isRegularFile(candidate.resolve("relay.mjs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find benchmarks/node-relay/relay.mjs; set -Dcallwire.bench.nodeRelay");
    }

    /** CPU time of a process, all threads, user + system, in microseconds. */
    static long cpuMicros(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        return ticks * 1_000_000L / CLOCK_TICKS;
    }

    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    static long rssKiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid + " (this benchmark needs Linux)");
    }

    static Map<String, String> parse(String line) {
        Map<String, String> out = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }
}
