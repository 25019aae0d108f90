package dev.callwire.benchmarks;

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

/** Runs {@link RenderBenchmark} with JMH's GC profiler and prints ratios against the naive baseline. */
public final class RenderReport {

    private RenderReport() {
    }

    public static void main(String[] args) throws Exception {
        Options options = new OptionsBuilder()
                .include(RenderBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, double[]> byName = new TreeMap<>(); // "benchmark resolution" -> {ns/op, error, bytes/op}
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark().replaceAll(".*\\.", "") + " "
                    + run.getParams().getParam("resolution");
            Result<?> primary = run.getPrimaryResult();
            Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
            byName.put(name, new double[] {primary.getScore(), primary.getScoreError(),
                    alloc == null ? Double.NaN : alloc.getScore()});
        }
        System.out.println();
        System.out.println("Rendering cost per frame (JMH average, lower is better; allocations from -prof gc)");
        for (String resolution : new String[] {"1280x720", "1920x1080"}) {
            double[] naive = byName.get("naive " + resolution);
            for (String subject : new String[] {"sdkConvert", "sdkDeliver"}) {
                double[] sdk = byName.get(subject + " " + resolution);
                System.out.printf(Locale.ROOT,
                        "SUMMARY render %-9s %-10s %,10.0f ns/frame (±%.0f), %6.0f B/frame | naive %,10.0f ns/frame, "
                                + "%,10.0f B/frame | %.1fx faster%n",
                        resolution, subject, sdk[0], sdk[1], sdk[2], naive[0], naive[2], naive[0] / sdk[0]);
            }
        }
    }
}
