package dev.callwire.benchmarks.server;

import dev.callwire.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the cluster costs: relay throughput, latency and CPU of two signaling server instances sharing Redis
 * against one instance alone, in the same run with the server benchmark's load generator ({@link LoadGenerator}).
 *
 * <p>{@code java -jar benchmarks.jar cluster [--connections=1000] [--rate=5000] [--seconds=5] [--rounds=2]}
 *
 * <p>Each round runs the single instance, then the cluster (Debian {@code redis-server}, started here, plus two
 * instances in their own JVMs). In the cluster the generator puts half the connections on each instance and
 * splits the first half of the rooms across them: those rooms' messages cross Redis (published by the sender's
 * instance, read by the receiver's), the other half stay on one instance. CPU per
 * message counts every server process of the set-up: the instance, or both instances plus Redis. The load
 * average is printed at the start and the end: the figures of a shared machine are only comparable within a run.
 * Ratios are cluster / single.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Two signaling server instances plus Redis vs one instance, same run, same load.")
public final class ClusterBenchmark implements Callable<Integer> {

    @Mixin
    LoadShape shape;
    @Option(names = "--rounds", defaultValue = "2", description = "rounds of (single, cluster)")
    int rounds;
    @Option(names = "--lease-ms", defaultValue = "30000", description = "the instances' liveness lease")
    long leaseMs;

    record Run(String setup, Map<String, String> fixed, Map<String, String> saturate, double cpuMicrosPerMsg) {
        double num(Map<String, String> m, String key) {
            return Double.parseDouble(m.getOrDefault(key, "NaN"));
        }

        double throughput() {
            return num(saturate, "msgsPerSec");
        }

        double p50() {
            return num(fixed, "p50us") / 1000;
        }

        double p99() {
            return num(fixed, "p99us") / 1000;
        }
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new ClusterBenchmark()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() throws Exception {
        String loadBefore = loadAverage();
        System.out.printf(Locale.ROOT, "cluster benchmark: %d connections in %d rooms (%d split across instances), "
                        + "warm-up %d s, fixed %d msg/s for %d s, saturation window %d for %d s, %d rounds, lease %d ms; "
                        + "%d cores; load average %s%n", shape.connections, shape.connections / 2, shape.connections / 4, shape.warmup, shape.rate,
                shape.seconds, shape.window, shape.seconds, rounds, leaseMs, Runtime.getRuntime().availableProcessors(), loadBefore);
        List<Run> singles = new ArrayList<>();
        List<Run> clusters = new ArrayList<>();
        try (RedisServer redis = RedisServer.launch()) {
            for (int round = 0; round < rounds; round++) {
                singles.add(report(run("single", List.of(List.of()), redis)));
                // A database per round: nothing of an earlier round's membership can be read back. A lease longer
                // than the default 10 s (--lease-ms): on a shared, overloaded machine a starved instance JVM missed the
                // default one while joining 1,000 connections, and the reaped rooms would be measured as relay cost.
                List<String> instanceArgs = List.of(redis.uri("/" + (round % 16) + "?lease-ms=" + leaseMs).toString());
                clusters.add(report(run("cluster", List.of(instanceArgs, instanceArgs), redis)));
            }
        }
        String loadAfter = loadAverage();
        Run single = mean("single", singles);
        Run cluster = mean("cluster", clusters);
        System.out.println("| set-up | saturated throughput | fixed-rate p50 / p99 | server CPU per message |");
        System.out.println("|---|---|---|---|");
        for (Run run : List.of(single, cluster)) {
            boolean ours = run == cluster;
            System.out.printf(Locale.ROOT, "| %s | %.1fk msg/s%s | %.2f / %.2f ms%s | %.1f µs%s |%n",
                    ours ? "2 instances + Redis" : "1 instance", run.throughput() / 1000,
                    ours ? ratio(cluster.throughput(), single.throughput()) : "", run.p50(), run.p99(),
                    ours ? ratio(cluster.p99(), single.p99()) : "", run.cpuMicrosPerMsg(),
                    ours ? ratio(cluster.cpuMicrosPerMsg(), single.cpuMicrosPerMsg()) : "");
        }
        System.out.printf(Locale.ROOT, "SUMMARY cluster (%d conns, %d rooms, half split, fixed %d msg/s, mean of %d "
                        + "rounds; ratio = cluster/single): throughput %.0f msgs/s (ratio %.2f), p50 %.2f ms (ratio %.2f), "
                        + "p99 %.2f ms (ratio %.2f), CPU %.1f us/msg (ratio %.2f); load average before %s, after %s%n",
                shape.connections, shape.connections / 2, shape.rate, rounds, cluster.throughput(),
                cluster.throughput() / single.throughput(), cluster.p50(), cluster.p50() / single.p50(),
                cluster.p99(), cluster.p99() / single.p99(), cluster.cpuMicrosPerMsg(),
                cluster.cpuMicrosPerMsg() / single.cpuMicrosPerMsg(), loadBefore, loadAfter);
        return 0;
    }

    /** One set-up: its instances (one argument list each), a load generator over all of them. */
    Run run(String setup, List<List<String>> instances, RedisServer redis) throws Exception {
        List<Child> servers = new ArrayList<>();
        Child gen = null;
        try {
            List<String> ports = new ArrayList<>();
            for (List<String> args : instances) {
                List<String> command = new ArrayList<>(List.of(java(), "-Xms64m", "-Xmx1g",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                        ServerProcess.class.getName()));
                command.addAll(args);
                Child server = Child.start("server-" + setup + servers.size(), command, null);
                servers.add(server);
                ports.add(server.await("PORT ", 120).substring(5).trim());
            }
            boolean clustered = instances.size() > 1;
            List<String> command = new ArrayList<>(List.of(java(), "-Xms256m", "-Xmx2g", "-Xss256k", "-cp",
                    System.getProperty("java.class.path"), LoadGenerator.class.getName(), String.join(",", ports), "ws",
                    String.valueOf(shape.connections)));
            command.addAll(shape.generatorArgs());
            gen = Child.start("loadgen", command, null);
            String ready = gen.await("READY ", 300).substring(6);
            System.out.println("  " + setup + ": " + ready);
            gen.send("go");
            gen.await("PHASE fixed", 4L * shape.warmup + 60);
            long cpu0 = cpu(servers, clustered ? redis.pid() : -1);
            Map<String, String> fixed = ServerBenchmark.parse(gen.await("RESULT phase=fixed", 4L * (shape.warmup + shape.seconds) + 60));
            Map<String, String> saturate = ServerBenchmark.parse(gen.await("RESULT phase=saturate", 4L * shape.seconds + 60));
            long cpu1 = cpu(servers, clustered ? redis.pid() : -1);
            long total = Long.parseLong(ServerBenchmark.parse(gen.await("END", 10)).get("delivered"));
            gen.send("quit");
            return new Run(setup, fixed, saturate, (cpu1 - cpu0) / (double) total);
        } finally {
            if (gen != null) {
                gen.stop();
            }
            for (Child server : servers) {
                server.send("quit");
                server.stop();
            }
        }
    }

    private static Run report(Run run) {
        System.out.printf(Locale.ROOT, "  %-7s fixed: %s/%s delivered, p50 %.2f ms, p99 %.2f ms | saturate: %s/%s "
                        + "delivered, %.0f msgs/s | server CPU %.1f us/msg | load average %s%n", run.setup(),
                run.fixed().get("delivered"), run.fixed().get("sent"), run.p50(), run.p99(),
                run.saturate().get("delivered"), run.saturate().get("sent"), run.throughput(), run.cpuMicrosPerMsg(),
                loadAverage());
        return run;
    }

    private static Run mean(String setup, List<Run> runs) {
        return new Run(setup,
                Map.of("p50us", avg(runs, r -> r.p50() * 1000), "p99us", avg(runs, r -> r.p99() * 1000)),
                Map.of("msgsPerSec", avg(runs, Run::throughput)),
                runs.stream().mapToDouble(Run::cpuMicrosPerMsg).average().orElseThrow());
    }

    private static String avg(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        return String.valueOf(runs.stream().mapToDouble(value).average().orElseThrow());
    }

    private static long cpu(List<Child> servers, long redisPid) throws Exception {
        long sum = redisPid > 0 ? ServerBenchmark.cpuMicros(redisPid) : 0;
        for (Child server : servers) {
            sum += ServerBenchmark.cpuMicros(server.pid());
        }
        return sum;
    }

    private static String ratio(double ours, double theirs) {
        return String.format(Locale.ROOT, " (%.2fx)", ours / theirs);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
