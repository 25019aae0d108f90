package dev.callwire.benchmarks;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.awaitility.Awaitility;

/**
 * Calls with media flowing, one after another between two clients in one JVM: does the process keep memory
 * and threads? {@code java -jar benchmarks.jar soak [calls=12] [seconds=10]}.
 *
 * <p>Each call stays up for {@code seconds} with video decoded (checked: frames keep arriving) before the
 * hang-up. After two warm-up calls, memory is sampled after every call (after a GC): RSS, and the JVM's own
 * native memory other than the Java heap from Native Memory Tracking (the benchmark restarts itself with
 * {@code -XX:NativeMemoryTracking=summary} when it is off). RSS minus that is libwebrtc's memory (its
 * allocations, threads, codecs) plus the resident part of the Java heap, which a GC'd steady state keeps
 * level. The growth is the least-squares slope over those points, per call, with the spread of the points
 * around it.
 */
public final class SoakBenchmark {

    private static final int WARM_UP = 2;
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern NMT_HEAP = Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB");

    private SoakBenchmark() {
    }

    /** {@code jvmNativeMiB}: NMT committed without the Java heap; {@code outsideJvmMiB}: RSS minus that. */
    record Point(int call, double rssMiB, double jvmNativeMiB, double outsideJvmMiB, int threads) {
    }

    public static void main(String[] args) throws Exception {
        if (jvmNonHeapKiB() < 0) {
            System.exit(relaunchWithNmt(args));
        }
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.printf(Locale.ROOT, "soak: %d calls (+%d warm-up) of %d s with media, MALLOC_ARENA_MAX=%s%n", calls,
                WARM_UP, seconds, System.getenv().getOrDefault("MALLOC_ARENA_MAX", "(unset)"));
        List<Point> points = new ArrayList<>();
        long totalFrames = 0;
        try (TestClients clients = new TestClients()) {
            CallClient alice = clients.client("alice");
            CallClient bob = clients.client("bob");
            Room aliceRoom = TestClients.join(alice, "soak", CallRecorder.passive());
            Room bobRoom = TestClients.joinAndMeet(bob, aliceRoom, CallRecorder.accepting());
            for (int i = 0; i < WARM_UP + calls; i++) {
                totalFrames += call(aliceRoom, bobRoom.selfId(), seconds);
                if (i >= WARM_UP - 1) {
                    System.gc();
                    Point p = sample(i + 1 - WARM_UP);
                    points.add(p);
                    System.out.printf(Locale.ROOT, "  after call %2d: RSS %.1f MiB, JVM non-heap native (NMT) %.1f MiB, "
                                    + "RSS minus that %.1f MiB, threads %d%n", p.call(), p.rssMiB(), p.jvmNativeMiB(),
                            p.outsideJvmMiB(), p.threads());
                }
            }
        }
        double[] rss = slope(points, Point::rssMiB);
        // Allocators and codecs grow to a plateau over the first calls; the second half shows whether it keeps going.
        double[] lateOutside = slope(points.subList(points.size() / 2, points.size()), Point::outsideJvmMiB);
        double[] outside = slope(points, Point::outsideJvmMiB);
        Point first = points.get(0);
        Point last = points.get(points.size() - 1);
        System.out.printf(Locale.ROOT, "SUMMARY soak %d calls x %d s with media (%d frames decoded), %d points: RSS minus "
                        + "the JVM's non-heap native memory %.1f -> %.1f MiB, slope %+.1f KiB/call (residual sd %.1f KiB); RSS slope %+.1f KiB/call "
                        + "(sd %.1f KiB); second half of the points: %+.1f KiB/call (sd %.1f KiB); threads %d -> %d%n", calls, seconds,
                totalFrames, points.size(), first.outsideJvmMiB(), last.outsideJvmMiB(), outside[0] * 1024,
                outside[1] * 1024, rss[0] * 1024, rss[1] * 1024, lateOutside[0] * 1024, lateOutside[1] * 1024,
                first.threads(), last.threads());
    }

    /** One call kept up {@code seconds} with video decoded both ways; returns the frames the caller decoded. */
    private static long call(Room room, String peerId, int seconds) throws Exception {
        CallSession call = TestClients.call(room, peerId);
        FrameProbe probe = new FrameProbe();
        call.remoteVideo().addRenderer(probe);
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> probe.frames() > 0);
        long afterFirst = probe.frames();
        Awaitility.await().pollDelay(Duration.ofSeconds(seconds)).atMost(Duration.ofSeconds(seconds + 5))
                .until(() -> true);
        if (probe.frames() - afterFirst < seconds * 5L) { // the test pattern is 15 fps: far fewer means stalled
            throw new IllegalStateException("media stalled: " + (probe.frames() - afterFirst) + " frames in " + seconds + " s");
        }
        call.hangUp();
        EndReason reason = call.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (reason != EndReason.HANGUP) {
            throw new IllegalStateException("call ended with " + reason);
        }
        return probe.frames();
    }

    private static Point sample(int call) throws Exception {
        double rss = ProcessStats.rssMiB();
        double jvm = jvmNonHeapKiB() / 1024.0;
        return new Point(call, rss, jvm, rss - jvm, ProcessStats.threads());
    }

    /** The JVM's committed native memory other than the Java heap, from NMT, or -1 when NMT is off. */
    static long jvmNonHeapKiB() throws Exception {
        String out = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()}));
        Matcher total = NMT_TOTAL.matcher(out);
        Matcher heap = NMT_HEAP.matcher(out);
        return total.find() && heap.find() ? Long.parseLong(total.group(2)) - Long.parseLong(heap.group(2)) : -1;
    }

    private static int relaunchWithNmt(String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:NativeMemoryTracking=summary", "-cp", System.getProperty("java.class.path"),
                Benchmarks.class.getName(), "soak"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** Least-squares slope (per call) and the residuals' standard deviation. */
    static double[] slope(List<Point> points, java.util.function.ToDoubleFunction<Point> y) {
        int n = points.size();
        double mx = points.stream().mapToDouble(Point::call).average().orElse(0);
        double my = points.stream().mapToDouble(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Point p : points) {
            sxy += (p.call() - mx) * (y.applyAsDouble(p) - my);
            sxx += (p.call() - mx) * (p.call() - mx);
        }
        double b = sxx == 0 ? 0 : sxy / sxx;
        double ss = 0;
        for (Point p : points) {
            double r = y.applyAsDouble(p) - (my + b * (p.call() - mx));
            ss += r * r;
        }
        return new double[] {b, n > 2 ? Math.sqrt(ss / (n - 2)) : 0};
    }
}
