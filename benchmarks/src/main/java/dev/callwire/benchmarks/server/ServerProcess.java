package dev.callwire.benchmarks.server;

import dev.callwire.server.SignalingServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server side of the server benchmark, in its own JVM so that its memory is measured alone:
 * {@code callwire} (the real {@link SignalingServer}, rate limit raised) or {@code baseline}
 * ({@link BaselineRelay}). Prints {@code PORT n}; then on stdin: {@code stats} prints
 * {@code STATS heapUsedBytes rssKiB threads cpuMillis} after a full GC, {@code cpu} prints {@code CPU micros},
 * {@code histo} writes a class histogram to the temp folder, {@code quit} (or end of input) exits.
 */
public final class ServerProcess {

    private ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "callwire";
        AutoCloseable running;
        int port;
        if (kind.equals("callwire")) {
            // The default limit (50 msg/s, burst 100 per connection) would refuse most of the load: raised here.
            // So are the per-address limits (100 connections, 20/s): the load generator opens its 1,000+ from loopback.
            SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(0)
                    .rateLimit(1_000_000, 1_000_000).loopbackLimits(100_000, 100_000, 100_000).build();
            server.start();
            port = server.port();
            running = server;
        } else if (kind.equals("baseline")) {
            BaselineRelay relay = new BaselineRelay();
            port = relay.start();
            running = relay;
        } else {
            throw new IllegalArgumentException("callwire|baseline, got " + kind);
        }
        System.out.println("PORT " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("stats")) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(100);
                }
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime() / 1_000_000;
                System.out.println("STATS " + heap + " " + status("VmRSS:") + " " + status("Threads:") + " " + cpu);
                System.out.flush();
            } else if (line.equals("cpu")) {
                System.out.println("CPU " + ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000);
                System.out.flush();
            } else if (line.equals("histo")) {
                // class histogram of the live heap, for finding what a connection costs
                Process jmap = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                        .redirectErrorStream(true).start();
                byte[] out = jmap.getInputStream().readAllBytes();
                jmap.waitFor();
                Files.write(Path.of(System.getProperty("java.io.tmpdir"), "callwire-server-histo-"
                        + ProcessHandle.current().pid() + ".txt"), out);
                System.out.println("HISTO done");
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        running.close();
        System.exit(0);
    }

    static long status(String field) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith(field)) {
                return Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
