package dev.callwire.benchmarks.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One idle-memory reading of a server process for {@link ServerBenchmark}: the server collects its garbage the
 * same way for both servers, then its RSS is sampled from {@code /proc/PID}.
 */
final class IdleMemoryReading {

    /**
     * How long a server idles between the two collections of an idle reading. V8 shrinks its young generation
     * (16 MiB after a burst of joins, 1 MiB idle) only in a collection that finds the allocation rate since the last
     * one low, and gives the freed pages back to the system only in its memory reducer's collection, which its own
     * timer starts 8-26 s after a GC; left alone that happened in one reading, the other or neither, and moved
     * node's figure at 1,000 by 16-24 KiB per connection (2026-12-02). Both servers get the same pause; node's
     * reading then also waits for the reducer ({@link #awaitMemoryReducer}).
     */
    static final int QUIET_MILLIS = 6000;
    /** Its timer waits 8 s at a time while it judges the allocation rate high; 26 s was the longest seen. */
    static final int REDUCER_WAIT_SECONDS = 30;

    private final int settleSeconds;
    private final boolean rssTrace;

    /**
     * @param settleSeconds {@code --settle}: the settled reading is the median over the second half of this many
     *     seconds; 0 for none
     * @param rssTrace {@code --rss-trace}: print every sample and the heap after the collection
     */
    IdleMemoryReading(int settleSeconds, boolean rssTrace) {
        this.settleSeconds = settleSeconds;
        this.rssTrace = rssTrace;
    }

    /**
     * RSS after the collection and the heap in use right after it: {@code [at once, settled, heap]}, in KiB; settled
     * {@code -1} without {@code --settle}, heap {@code -1} when the server did not print it.
     *
     * @param what what {@code --rss-trace} prints after the server's name: endpoint, connections
     */
    long[] take(Child srv, String server, String what) throws Exception {
        String label = server + " " + what;
        srv.send("gc");
        srv.await("GC done", 60);
        Thread.sleep(QUIET_MILLIS); // a quiet period V8 measures, not a wait for an event
        long gcAsked = System.nanoTime();
        srv.send("gc");
        String gc = srv.await("GC done", 60);
        String reducer = "";
        if (server.equals("node")) {
            String reduced = awaitMemoryReducer(srv);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - gcAsked);
            if (reduced == null) {
                reducer = "; no memory reducer within " + REDUCER_WAIT_SECONDS + " s";
            } else {
                reducer = "; memory reducer after " + waited + " ms";
                gc = reduced; // its heap figures are the ones the reading is taken at
            }
        }
        long gcDone = System.nanoTime();
        List<Long> trace = new ArrayList<>();
        // One native-heap trim interval (SERVER_JVM) and a margin, for both servers: read at once, whether the
        // Callwire server had trimmed since the joins decided the reading (one round measured -6.5 KiB/connection).
        long atOnceAt = gcDone + TimeUnit.MILLISECONDS.toNanos(ServerBenchmark.TRIM_INTERVAL_MILLIS + 500);
        long atOnce = -1;
        List<Long> samples = new ArrayList<>();
        long end = gcDone + TimeUnit.SECONDS.toNanos(settleSeconds);
        long from = gcDone + TimeUnit.SECONDS.toNanos(settleSeconds) / 2;
        for (long now = System.nanoTime(); atOnce < 0 || now < end; now = System.nanoTime()) {
            long rss = ServerBenchmark.rssKiB(srv.pid());
            if (rssTrace) {
                trace.add(rss);
            }
            if (atOnce < 0 && now >= atOnceAt) {
                atOnce = rss;
            }
            if (now >= from && settleSeconds > 0) {
                samples.add(rss);
            }
            Thread.sleep(500); // a sampling period, not a wait for an event
        }
        Map<String, String> heap = ServerBenchmark.parse(gc);
        long heapUsed = Long.parseLong(heap.getOrDefault("heapUsed", "-1"));
        if (rssTrace) {
            System.out.println("    " + label + reducer + "; heap after the GC " + kibToMiB(heap.get("heapUsed"))
                    + " of " + kibToMiB(heap.get("heapTotal")) + " MiB used; RSS MiB every 0.5 s from the GC: "
                    + trace.stream().map(kib -> String.valueOf(kib / 1024)).collect(Collectors.joining(" ")));
        }
        long settled = settleSeconds <= 0 ? -1
                : (long) ServerSummary.median(samples.stream().mapToDouble(Long::doubleValue).toArray());
        return new long[] {atOnce, settled, heapUsed};
    }

    /**
     * node's reading starts once V8's memory reducer has run ({@code GC reduced}), if it runs: until then the pages
     * its GCs freed stay mapped. With 1,000 connections it ran 8-26 s after the reading at 500 and never after the
     * one at 1,000: once it has run, V8 arms it again only when the heap has grown well past its size then. So both
     * readings are of what an idle node holds, not of where its timer happened to be (see {@link #QUIET_MILLIS}).
     *
     * @return the reducer's heap line, or {@code null} when it did not run within {@link #REDUCER_WAIT_SECONDS}
     */
    private static String awaitMemoryReducer(Child node) throws Exception {
        try {
            return node.await("GC reduced", REDUCER_WAIT_SECONDS);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static String kibToMiB(String kib) {
        return kib == null ? "?" : String.format(Locale.ROOT, "%.1f", Long.parseLong(kib) / 1024.0);
    }
}
