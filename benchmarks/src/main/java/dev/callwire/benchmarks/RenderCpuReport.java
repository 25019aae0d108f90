package dev.callwire.benchmarks;

import dev.callwire.benchmarks.render.GridBenchmark;
import dev.callwire.benchmarks.render.RenderBenchmark;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code render [rounds=15]}: the rendering benchmarks of {@link RenderBenchmark} and {@link GridBenchmark},
 * timed in thread CPU time and interleaved. Each round runs every subject once, in a shuffled order, for a
 * batch of operations sized to ~60 ms of CPU; ratios are taken within a round (paired) and reported as the
 * median over rounds with the spread (min–max). CPU time, unlike JMH's wall time, is not inflated when other
 * processes share the cores, and interleaving spreads any drift (frequency, cache neighbours) over all
 * subjects alike. Allocation per operation comes from the thread's allocated-bytes counter.
 */
public final class RenderCpuReport {

    private static final double FPS = 30;
    private static final long BATCH_CPU_NANOS = 60_000_000L;

    private RenderCpuReport() {
    }

    /** One operation; its result is dropped here rather than returned, so the harness boxes nothing. */
    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    private record Subject(String name, Op op) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Subject> subjects = new ArrayList<>();
        List<Runnable> tearDowns = new ArrayList<>();
        for (String resolution : new String[] {"1280x720", "1920x1080"}) {
            RenderBenchmark b = new RenderBenchmark();
            b.resolution = resolution;
            b.setUp();
            tearDowns.add(b::tearDown);
            subjects.add(new Subject("libyuvRaw " + resolution, () -> b.libyuvRaw()));
            subjects.add(new Subject("fullPathDirect " + resolution, () -> b.fullPathDirect()));
            subjects.add(new Subject("fullPathIntArray " + resolution, () -> b.fullPathIntArray()));
            subjects.add(new Subject("previousPath " + resolution, () -> b.previousPath()));
        }
        GridBenchmark grid = new GridBenchmark();
        grid.setUp();
        tearDowns.add(grid::tearDown);
        subjects.add(new Subject("gridFloor", () -> grid.gridFloor()));
        subjects.add(new Subject("gridSdk", () -> grid.gridSdk()));
        subjects.add(new Subject("gridPrevious", () -> grid.gridPrevious()));

        System.out.printf(Locale.ROOT, "render benchmark: %d rounds of %d subjects, thread CPU time, %d cores, load %.1f%n",
                rounds, subjects.size(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Map<String, Integer> batch = new LinkedHashMap<>();
        for (Subject s : subjects) { // warm-up (the JIT compiles each path) and batch sizing
            long start = threads.getCurrentThreadCpuTime();
            int ops = 0;
            while (threads.getCurrentThreadCpuTime() - start < 4 * BATCH_CPU_NANOS || ops < 200) {
                s.op().run();
                ops++;
            }
            long perOp = (threads.getCurrentThreadCpuTime() - start) / ops;
            batch.put(s.name(), (int) Math.max(3, BATCH_CPU_NANOS / Math.max(1, perOp)));
        }
        Map<String, double[]> nanos = new LinkedHashMap<>();
        Map<String, double[]> bytes = new LinkedHashMap<>();
        subjects.forEach(s -> {
            nanos.put(s.name(), new double[rounds]);
            bytes.put(s.name(), new double[rounds]);
        });
        Random random = new Random(1);
        long id = Thread.currentThread().getId();
        for (int round = 0; round < rounds; round++) {
            List<Subject> order = new ArrayList<>(subjects);
            Collections.shuffle(order, random);
            for (Subject s : order) {
                int ops = batch.get(s.name());
                long allocated = threads.getThreadAllocatedBytes(id);
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < ops; i++) {
                    s.op().run();
                }
                long cpu = threads.getCurrentThreadCpuTime() - start;
                nanos.get(s.name())[round] = (double) cpu / ops;
                bytes.get(s.name())[round] = (double) (threads.getThreadAllocatedBytes(id) - allocated) / ops;
            }
        }
        tearDowns.forEach(Runnable::run);

        System.out.println();
        for (String resolution : new String[] {"1280x720", "1920x1080"}) {
            double[] raw = nanos.get("libyuvRaw " + resolution);
            System.out.printf(Locale.ROOT, "SUMMARY render %-9s %-16s %7.3f ms CPU/frame [%.3f-%.3f], %5.0f B/frame%n",
                    resolution, "libyuvRaw", median(raw) / 1e6, min(raw) / 1e6, max(raw) / 1e6,
                    median(bytes.get("libyuvRaw " + resolution)));
            double[] previous = nanos.get("previousPath " + resolution);
            for (String subject : new String[] {"fullPathDirect", "fullPathIntArray"}) {
                double[] sdk = nanos.get(subject + " " + resolution);
                double[] vsRaw = ratios(sdk, raw);
                double[] speedup = ratios(previous, sdk);
                System.out.printf(Locale.ROOT, "SUMMARY render %-9s %-16s %7.3f ms CPU/frame [%.3f-%.3f], %5.0f B/frame"
                                + " | %.2fx raw libyuv [%.2f-%.2f] | previous path %.3f ms, %.0f B/frame: %.1fx [%.1f-%.1f] faster now%n",
                        resolution, subject, median(sdk) / 1e6, min(sdk) / 1e6, max(sdk) / 1e6,
                        median(bytes.get(subject + " " + resolution)), median(vsRaw), min(vsRaw), max(vsRaw),
                        median(previous) / 1e6, median(bytes.get("previousPath " + resolution)), median(speedup),
                        min(speedup), max(speedup));
            }
        }
        double[] floor = nanos.get("gridFloor");
        double[] sdk = nanos.get("gridSdk");
        double[] previous = nanos.get("gridPrevious");
        double[] cheaper = ratios(previous, sdk);
        double[] vsFloor = ratios(sdk, floor);
        System.out.printf(Locale.ROOT, "SUMMARY grid 4x1280x720 -> 4 tiles 480x270 @30fps: SDK %.1f ms CPU per second of "
                        + "video [%.1f-%.1f], %.0f B per 4 frames | raw libyuv %.1f ms (SDK %.2fx [%.2f-%.2f]) | previous "
                        + "path %.1f ms: %.1fx [%.1f-%.1f] cheaper now%n",
                median(sdk) * FPS / 1e6, min(sdk) * FPS / 1e6, max(sdk) * FPS / 1e6, median(bytes.get("gridSdk")),
                median(floor) * FPS / 1e6, median(vsFloor), min(vsFloor), max(vsFloor), median(previous) * FPS / 1e6,
                median(cheaper), min(cheaper), max(cheaper));
    }

    private static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
