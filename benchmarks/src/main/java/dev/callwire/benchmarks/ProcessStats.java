package dev.callwire.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the operating system says about this process (Linux {@code /proc}). */
final class ProcessStats {

    private ProcessStats() {
    }

    /** Resident set size in MiB. */
    static double rssMiB() {
        return statusField("VmRSS:") / 1024.0;
    }

    /** Threads of the process, native ones included. */
    static int threads() {
        return (int) statusField("Threads:");
    }

    /** CPU time this process used so far, in nanoseconds (all threads). */
    static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getProcessCpuTime();
        }
        throw new IllegalStateException("process CPU time is not available on this JVM");
    }

    private static long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + name + " in /proc/self/status (this benchmark needs Linux)");
    }
}
