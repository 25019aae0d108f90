package dev.callwire.benchmarks.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Every fixed-rate message's send time and latency, written to a file for lining up with the server's GC log or
 * JFR recording (both in {@link System#nanoTime()} of the same machine). This is how the {@code /ws} p99 tail was
 * traced to the keepalive burst and a C2 deoptimisation. Off unless {@code -Dcallwire.bench.trace=FILE} is set
 * (the server benchmark's {@code --trace=DIR} sets it per run).
 */
final class LatencyTrace {

    static final String PROPERTY = "callwire.bench.trace";
    private static final String FILE = System.getProperty(PROPERTY);

    private static long[] sentAt = new long[0];
    private static long[] latency = new long[0];
    private static int count;

    private LatencyTrace() {
    }

    static boolean enabled() {
        return FILE != null;
    }

    static synchronized void add(long sentAtNanos, long latencyNanos) {
        if (count == sentAt.length) {
            int size = Math.max(1024, count * 2);
            sentAt = Arrays.copyOf(sentAt, size);
            latency = Arrays.copyOf(latency, size);
        }
        sentAt[count] = sentAtNanos;
        latency[count] = latencyNanos;
        count++;
    }

    /** Writes the file: one {@code sentNanos latencyNanos} line per message, in order of sending. */
    static synchronized Path write() throws IOException {
        Integer[] order = new Integer[count];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(sentAt[a], sentAt[b]));
        Path file = Path.of(FILE).toAbsolutePath();
        Files.createDirectories(file.getParent());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            for (int i : order) {
                out.println(sentAt[i] + " " + latency[i]);
            }
        }
        return file;
    }
}
