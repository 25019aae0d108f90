package dev.callwire.benchmarks.server;

import dev.callwire.server.SignalingServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Callwire side of the server benchmark, in its own JVM so that its CPU and memory are measured alone
 * (through {@code /proc/PID}, like the node baseline's): the real {@link SignalingServer}, rate and
 * per-address limits raised.
 * With one argument, a Redis URI, it is an instance of a cluster ({@link ClusterBenchmark}).
 * Prints {@code PORT n}; then on stdin: {@code gc} runs full collections and prints {@code GC done}
 * with the heap's committed size and use in KiB ({@code heapTotal=.. heapUsed=..}, node's names),
 * {@code quit} (or end of input) exits. Same commands as {@code node-relay/relay.mjs}.
 */
public final class ServerProcess {

    private ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        // The default limit (50 msg/s, burst 100 per connection) would refuse most of the load: raised here.
        // So are the per-address limits (100 connections, 20/s): the load generator opens its 1,000+ from loopback.
        SignalingServer.Builder builder = SignalingServer.builder().host("127.0.0.1").port(0)
                .rateLimit(1_000_000, 1_000_000).loopbackLimits(100_000, 100_000, 100_000);
        if (args.length == 1) {
            builder.resumeSecret("cluster-benchmark-resume-secret").cluster(URI.create(args[0]));
        }
        SignalingServer server = builder.build();
        server.start();
        System.out.println("PORT " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("gc")) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(100); // lets reference processing and G1's uncommit run between collections
                }
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                System.out.println("GC done heapTotal=" + heap.getCommitted() / 1024
                        + " heapUsed=" + heap.getUsed() / 1024);
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        server.close();
        System.exit(0);
    }
}
