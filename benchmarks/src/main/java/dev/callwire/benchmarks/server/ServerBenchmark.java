package dev.callwire.benchmarks.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Signaling server throughput, latency and memory per connection:
 * {@code java -jar benchmarks.jar server [connections=1000] [seconds=10] [rate=10000] [window=2]}.
 *
 * <p>For each endpoint (raw WebSocket {@code /ws}, socket.io) and each server (the Callwire
 * {@code SignalingServer}, rate limit raised; the baseline {@link BaselineRelay}, a minimal relay on the same
 * libraries), in a fresh server JVM: a load generator JVM ({@link LoadGenerator}) opens the connections
 * (2 per room) and joins, the server's heap (after GC) and RSS are read before and after, then the generator
 * runs a warm-up, a fixed-rate phase and a saturation phase. Ratios are Callwire / baseline.
 */
public final class ServerBenchmark {

    private ServerBenchmark() {
    }

    record Run(String server, String endpoint, double cpuMicrosPerMsg, double memHeapBytesPerConn,
               double memRssBytesPerConn,
               Map<String, String> fixed, Map<String, String> saturate, String ready) {
        double num(Map<String, String> m, String key) {
            return Double.parseDouble(m.getOrDefault(key, "NaN"));
        }
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int window = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        System.out.printf(Locale.ROOT, "server benchmark: %d connections in %d rooms, fixed %d msg/s for %d s, "
                + "saturation window %d for %d s; %d cores%n", connections, connections / 2, rate, seconds, window,
                seconds, Runtime.getRuntime().availableProcessors());
        List<Run> runs = new ArrayList<>();
        for (String endpoint : List.of("ws", "sio")) {
            for (String server : List.of("baseline", "callwire")) {
                Run run = run(server, endpoint, connections, seconds, rate, window);
                runs.add(run);
                System.out.printf(Locale.ROOT, "  %-8s %-3s %s | fixed: %s | saturate: %s | server CPU %.1f us/msg | heap %.1f KiB/conn, "
                                + "RSS %.1f KiB/conn%n", server, endpoint, run.ready(), brief(run.fixed()),
                        brief(run.saturate()), run.cpuMicrosPerMsg(), run.memHeapBytesPerConn() / 1024, run.memRssBytesPerConn() / 1024);
            }
        }
        StringBuilder summary = new StringBuilder("SUMMARY server (" + connections + " conns, " + connections / 2
                + " rooms; ratio = callwire/baseline):");
        for (String endpoint : List.of("ws", "sio")) {
            Run base = find(runs, "baseline", endpoint);
            Run cw = find(runs, "callwire", endpoint);
            double cwTput = cw.num(cw.saturate(), "msgsPerSec");
            double baseTput = base.num(base.saturate(), "msgsPerSec");
            summary.append(String.format(Locale.ROOT,
                    " %s: %.0f msgs/s (ratio %.2f), server CPU %.1f us/msg (ratio %.2f), p50 %.2f ms (ratio %.2f), p99 %.2f ms (ratio %.2f) at %d msg/s,"
                            + " saturated p99 %.1f ms (ratio %.2f), heap %.1f KiB/conn (ratio %.2f), RSS %.1f KiB/conn"
                            + " (ratio %.2f);",
                    endpoint.equals("ws") ? "websocket" : "socket.io", cwTput, cwTput / baseTput,
                    cw.cpuMicrosPerMsg(), cw.cpuMicrosPerMsg() / base.cpuMicrosPerMsg(),
                    cw.num(cw.fixed(), "p50us") / 1000, cw.num(cw.fixed(), "p50us") / base.num(base.fixed(), "p50us"),
                    cw.num(cw.fixed(), "p99us") / 1000, cw.num(cw.fixed(), "p99us") / base.num(base.fixed(), "p99us"),
                    rate, cw.num(cw.saturate(), "p99us") / 1000,
                    cw.num(cw.saturate(), "p99us") / base.num(base.saturate(), "p99us"),
                    cw.memHeapBytesPerConn() / 1024, cw.memHeapBytesPerConn() / base.memHeapBytesPerConn(),
                    cw.memRssBytesPerConn() / 1024, cw.memRssBytesPerConn() / base.memRssBytesPerConn()));
        }
        System.out.println(summary);
    }

    private static String brief(Map<String, String> m) {
        return String.format(Locale.ROOT, "%s/%s delivered, %s msgs/s, p50 %s us, p99 %s us, max %s us",
                m.get("delivered"), m.get("sent"), m.get("msgsPerSec"), m.get("p50us"), m.get("p99us"), m.get("maxus"));
    }

    private static Run find(List<Run> runs, String server, String endpoint) {
        return runs.stream().filter(r -> r.server().equals(server) && r.endpoint().equals(endpoint)).findFirst()
                .orElseThrow();
    }

    static Run run(String server, String endpoint, int connections, int seconds, int rate, int window)
            throws Exception {
        List<String> serverJvm = new ArrayList<>(List.of("-Xms256m", "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        // e.g. -Dcallwire.bench.serverJvm=-XX:StartFlightRecording=filename=/tmp/srv.jfr,settings=profile
        String extra = System.getProperty("callwire.bench.serverJvm", "").replace("%s", server + "-" + endpoint);
        if (!extra.isBlank()) {
            serverJvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        Child srv = Child.start("server-" + server, serverJvm, ServerProcess.class.getName(), List.of(server));
        Child gen = null;
        try {
            String port = srv.await("PORT ", 30).substring(5).trim();
            long[] before = stats(srv);
            gen = Child.start("loadgen", List.of("-Xms256m", "-Xmx1g", "-Xss256k"), LoadGenerator.class.getName(),
                    List.of(port, endpoint, server, String.valueOf(connections), "3", String.valueOf(seconds),
                            String.valueOf(rate), String.valueOf(seconds), String.valueOf(window)));
            String ready = gen.await("READY ", 120).substring(6);
            long[] after = stats(srv);
            if (Boolean.getBoolean("callwire.bench.histo")) {
                srv.send("histo");
                srv.await("HISTO", 60);
            }
            long cpu0 = cpu(srv);
            gen.send("go");
            Map<String, String> fixed = parse(gen.await("RESULT phase=fixed", seconds + 30L));
            Map<String, String> saturate = parse(gen.await("RESULT phase=saturate", seconds + 30L));
            long cpu1 = cpu(srv);
            long total = Long.parseLong(parse(gen.await("END", 10)).get("delivered"));
            gen.send("quit");
            return new Run(server, endpoint, (cpu1 - cpu0) / (double) total, (after[0] - before[0]) / (double) connections,
                    (after[1] - before[1]) * 1024.0 / connections, fixed, saturate, ready);
        } finally {
            if (gen != null) {
                gen.stop();
            }
            srv.send("quit");
            srv.stop();
        }
    }

    private static long cpu(Child srv) throws Exception {
        srv.send("cpu");
        return Long.parseLong(srv.await("CPU ", 30).substring(4).trim());
    }

    private static long[] stats(Child srv) throws Exception {
        srv.send("stats");
        String[] parts = srv.await("STATS ", 30).split(" ");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])};
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> out = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }

    /** A JVM child running a main class of this jar; stdout is read line by line, stderr is passed through. */
    static final class Child {
        private final String name;
        private final Process process;
        private final Writer stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Child(String name, Process process) {
            this.name = name;
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // process gone
                }
            }, name + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String name, List<String> jvmOptions, String mainClass, List<String> args)
                throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass);
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Child(name, process);
        }

        String await(String prefix, long seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(name + ": no '" + prefix + "' line within " + seconds + " s"
                            + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")"));
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                System.out.println("  [" + name + "] " + line);
            }
        }

        void send(String line) {
            try {
                stdin.write(line + "\n");
                stdin.flush();
            } catch (IOException e) {
                // already gone
            }
        }

        void stop() throws InterruptedException {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }
}
