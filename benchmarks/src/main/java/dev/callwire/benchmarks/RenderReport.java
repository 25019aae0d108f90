package dev.callwire.benchmarks;

import dev.callwire.benchmarks.render.GridBenchmark;
import dev.callwire.benchmarks.render.RenderBenchmark;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code render jmh [forks]}: runs {@link RenderBenchmark} and {@link GridBenchmark} in one JMH run with the GC
 * profiler and prints the SDK's rendering path as ratios against raw libyuv (the floor) and against the SDK's
 * previous path. JMH measures wall time, which a busy machine inflates unevenly; plain {@code render} runs
 * {@link RenderCpuReport} instead.
 */
public final class RenderReport {

    private static final double FPS = 30;

    private RenderReport() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("jmh")) {
            RenderCpuReport.main(args);
            return;
        }
        int forks = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Options options = new OptionsBuilder()
                .include(RenderBenchmark.class.getName())
                .include(GridBenchmark.class.getName())
                .forks(forks)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, double[]> byName = new TreeMap<>(); // "benchmark [resolution]" -> {ns/op, error, bytes/op}
        for (RunResult run : results) {
            String resolution = run.getParams().getParam("resolution");
            String name = run.getParams().getBenchmark().replaceAll(".*\\.", "") + (resolution == null ? "" : " " + resolution);
            Result<?> primary = run.getPrimaryResult();
            Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
            byName.put(name, new double[] {primary.getScore(), primary.getScoreError(),
                    alloc == null ? Double.NaN : alloc.getScore()});
        }
        System.out.println();
        System.out.println("Rendering cost per frame (JMH average, lower is better; allocations from -prof gc)");
        for (String resolution : new String[] {"1280x720", "1920x1080"}) {
            double[] raw = byName.get("libyuvRaw " + resolution);
            double[] previous = byName.get("previousPath " + resolution);
            System.out.printf(Locale.ROOT, "SUMMARY render %-9s %-16s %8.3f ms/frame (±%.3f), %6.0f B/frame%n",
                    resolution, "libyuvRaw", raw[0] / 1e6, raw[1] / 1e6, raw[2]);
            for (String subject : new String[] {"fullPathDirect", "fullPathIntArray"}) {
                double[] sdk = byName.get(subject + " " + resolution);
                System.out.printf(Locale.ROOT,
                        "SUMMARY render %-9s %-16s %8.3f ms/frame (±%.3f), %6.0f B/frame | %.2fx raw libyuv | "
                                + "previous path %.3f ms, %.0f B/frame: %.1fx faster now%n",
                        resolution, subject, sdk[0] / 1e6, sdk[1] / 1e6, sdk[2], sdk[0] / raw[0], previous[0] / 1e6,
                        previous[2], previous[0] / sdk[0]);
            }
        }
        double[] floor = byName.get("gridFloor");
        double[] sdk = byName.get("gridSdk");
        double[] previous = byName.get("gridPrevious");
        System.out.printf(Locale.ROOT,
                "SUMMARY grid 4x1280x720 -> 4 tiles 480x270: SDK %.1f ms CPU per second of video (%.1f%% of a core), "
                        + "%.0f B per 4 frames | raw libyuv %.1f ms (%.2fx) | previous path %.1f ms: %.1fx cheaper now%n",
                sdk[0] * FPS / 1e6, sdk[0] * FPS / 1e7, sdk[2], floor[0] * FPS / 1e6, sdk[0] / floor[0],
                previous[0] * FPS / 1e6, previous[0] / sdk[0]);
    }
}
