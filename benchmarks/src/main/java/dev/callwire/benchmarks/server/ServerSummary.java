package dev.callwire.benchmarks.server;

import dev.callwire.benchmarks.server.ServerBenchmark.Idle;
import dev.callwire.benchmarks.server.ServerBenchmark.Load;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The server benchmark's table and summary line. Over several rounds each figure is the median of the rounds, and
 * each ratio the median of the rounds' own ratios (Callwire / node measured in the same round), followed by every
 * round's ratio: between two runs node's own figures moved by a third, so one round's ratio says little alone. A
 * round where node's figure is not positive has no ratio ({@code n/a}): its RSS fell while connections joined, which
 * says how V8 sized its heap, not what a connection costs, and a negative ratio would read as a win.
 */
final class ServerSummary {

    private final List<Load> loads;
    private final List<Idle> idles;
    private final List<String> endpoints;
    private final List<IdleColumn> idleColumns;
    private final int rounds;

    /** How an idle memory column reads each measurement. */
    private enum Reading { AT_ONCE, SETTLED, LIVE_HEAP }

    /** One memory column: idle connections, and which reading ({@code --settle}; the heap when servers print it). */
    private record IdleColumn(int count, Reading reading) {
        String header() {
            return String.format(Locale.ROOT, " | %s/conn, %,d idle%s", what(), count,
                    reading == Reading.SETTLED ? ", settled" : "");
        }

        /** {@code RSS 5.6 KiB/conn at 1000 idle settled}, {@code live heap 2.2 KiB/conn at 1000 idle}. */
        String summary(double bytesPerConnection) {
            return String.format(Locale.ROOT, "%s %.1f KiB/conn at %d idle%s", what(), bytesPerConnection / 1024,
                    count, reading == Reading.SETTLED ? " settled" : "");
        }

        private String what() {
            return reading == Reading.LIVE_HEAP ? "live heap" : "RSS";
        }

        double of(Idle idle) {
            return switch (reading) {
                case AT_ONCE -> idle.bytesPerConnection();
                case SETTLED -> idle.settledBytesPerConnection();
                case LIVE_HEAP -> idle.heapBytesPerConnection();
            };
        }
    }

    ServerSummary(List<Load> loads, List<Idle> idles, List<String> endpoints, List<Integer> idleCounts, int rounds) {
        this.loads = loads;
        this.idles = idles;
        this.endpoints = endpoints;
        this.rounds = rounds;
        List<Reading> readings = Stream.of(Reading.values())
                .filter(r -> r == Reading.AT_ONCE || r == Reading.SETTLED && idles.stream().anyMatch(Idle::settled)
                        || r == Reading.LIVE_HEAP && !idles.isEmpty() && idles.stream().allMatch(Idle::heapKnown))
                .toList();
        this.idleColumns = idleCounts.stream()
                .flatMap(count -> readings.stream().map(reading -> new IdleColumn(count, reading)))
                .toList();
    }

    /** The markdown table README quotes, then one {@code SUMMARY} line. */
    String render(int connections, int rate) {
        if (loads.isEmpty()) {
            return renderIdleOnly();
        }
        StringBuilder table = new StringBuilder();
        table.append("| endpoint | saturated throughput | server CPU per message | fixed-rate p50 / p99 | RSS after");
        idleColumns.forEach(column -> table.append(column.header()));
        table.append(" |\n|---|---|---|---|---");
        idleColumns.forEach(c -> table.append("|---"));
        table.append("|\n");
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "SUMMARY server (%d conns, %d rooms, fixed %d msg/s, %d round%s; ratio = callwire/node%s):", connections,
                connections / 2, rate, rounds, rounds == 1 ? "" : "s", rounds == 1 ? "" : ", median of the rounds'"));
        for (String endpoint : endpoints) {
            String label = endpoint.equals("ws") ? "`/ws`" : "socket.io";
            for (String server : List.of("node", "callwire")) {
                boolean ours = server.equals("callwire");
                table.append(String.format(Locale.ROOT, "| %s: %s | %.1fk msg/s%s | %.1f µs%s | %.2f / %.2f ms%s | %d MB",
                        label, ours ? "Callwire" : "node",
                        median(endpoint, server, Load::throughput) / 1000, ours ? ratio(endpoint, Load::throughput) : "",
                        median(endpoint, server, Load::cpuMicrosPerMsg), ours ? ratio(endpoint, Load::cpuMicrosPerMsg) : "",
                        median(endpoint, server, Load::fixedP50) / 1000, median(endpoint, server, Load::fixedP99) / 1000,
                        ours ? ratio(endpoint, Load::fixedP99) : "",
                        Math.round(median(endpoint, server, Load::rssKiBAfter) / 1024.0)));
                for (IdleColumn column : idleColumns) {
                    table.append(String.format(Locale.ROOT, " | %.1f KiB%s",
                            idleMedian(endpoint, server, column) / 1024, ours ? idleRatio(endpoint, column) : ""));
                }
                table.append(" |\n");
            }
            summary.append(String.format(Locale.ROOT,
                    " %s: %.0f msgs/s (ratio %s), server CPU %.1f us/msg (ratio %s), fixed p50 %.2f ms (ratio %s),"
                            + " p99 %.2f ms (ratio %s)",
                    endpoint.equals("ws") ? "websocket" : "socket.io",
                    median(endpoint, "callwire", Load::throughput), plain(ratios(endpoint, Load::throughput)),
                    median(endpoint, "callwire", Load::cpuMicrosPerMsg), plain(ratios(endpoint, Load::cpuMicrosPerMsg)),
                    median(endpoint, "callwire", Load::fixedP50) / 1000, plain(ratios(endpoint, Load::fixedP50)),
                    median(endpoint, "callwire", Load::fixedP99) / 1000, plain(ratios(endpoint, Load::fixedP99))));
            for (IdleColumn column : idleColumns) {
                summary.append(String.format(Locale.ROOT, ", %s (ratio %s)",
                        column.summary(idleMedian(endpoint, "callwire", column)), plain(idleRatios(endpoint, column))));
            }
            summary.append(';');
        }
        return table + summary.toString() + "\n";
    }

    /** {@code --no-load}: the memory columns alone. */
    private String renderIdleOnly() {
        StringBuilder table = new StringBuilder("| endpoint");
        idleColumns.forEach(column -> table.append(column.header()));
        table.append(" |\n|---").append("|---".repeat(idleColumns.size())).append("|\n");
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "SUMMARY server idle memory (%d round%s; ratio = callwire/node):", rounds, rounds == 1 ? "" : "s"));
        for (String endpoint : endpoints) {
            for (String server : List.of("node", "callwire")) {
                boolean ours = server.equals("callwire");
                table.append(String.format(Locale.ROOT, "| %s: %s", endpoint, server));
                for (IdleColumn column : idleColumns) {
                    table.append(String.format(Locale.ROOT, " | %.1f KiB%s", idleMedian(endpoint, server, column) / 1024,
                            ours ? idleRatio(endpoint, column) : ""));
                }
                table.append(" |\n");
            }
            for (IdleColumn column : idleColumns) {
                summary.append(String.format(Locale.ROOT, " %s %s (ratio %s);", endpoint,
                        column.summary(idleMedian(endpoint, "callwire", column)), plain(idleRatios(endpoint, column))));
            }
        }
        return table + summary.toString() + "\n";
    }

    private double median(String endpoint, String server, ToDoubleFunction<Load> metric) {
        return median(loads.stream().filter(l -> l.endpoint().equals(endpoint) && l.server().equals(server))
                .mapToDouble(metric).toArray());
    }

    private double[] ratios(String endpoint, ToDoubleFunction<Load> metric) {
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            ratios[round] = metric.applyAsDouble(load(endpoint, "callwire", round))
                    / metric.applyAsDouble(load(endpoint, "node", round));
        }
        return ratios;
    }

    private String ratio(String endpoint, ToDoubleFunction<Load> metric) {
        return " " + withRounds(ratios(endpoint, metric));
    }

    private Load load(String endpoint, String server, int round) {
        return loads.stream().filter(l -> l.endpoint().equals(endpoint) && l.server().equals(server)
                && l.round() == round).findFirst().orElseThrow();
    }

    private double idleMedian(String endpoint, String server, IdleColumn column) {
        return median(idles.stream().filter(i -> i.endpoint().equals(endpoint) && i.server().equals(server)
                && i.connections() == column.count()).mapToDouble(column::of).toArray());
    }

    private double[] idleRatios(String endpoint, IdleColumn column) {
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            double node = column.of(idle(endpoint, "node", column.count(), round));
            ratios[round] = node > 0 ? column.of(idle(endpoint, "callwire", column.count(), round)) / node : Double.NaN;
        }
        return ratios;
    }

    private String idleRatio(String endpoint, IdleColumn column) {
        return " " + withRounds(idleRatios(endpoint, column));
    }

    private Idle idle(String endpoint, String server, int count, int round) {
        return idles.stream().filter(i -> i.endpoint().equals(endpoint) && i.server().equals(server)
                && i.connections() == count && i.round() == round).findFirst().orElseThrow();
    }

    /**
     * {@code (1.05x)}, or over several rounds {@code (1.05x; 1.05, 0.96, 1.52)}; rounds without a ratio show
     * {@code n/a} and the median is of the others.
     */
    private static String withRounds(double[] ratios) {
        double defined = medianOfDefined(ratios);
        String median = Double.isNaN(defined) ? round(defined) : round(defined) + "x";
        if (ratios.length == 1) {
            return "(" + median + ")";
        }
        return "(" + median + "; " + Arrays.stream(ratios).mapToObj(ServerSummary::round)
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String plain(double[] ratios) {
        return round(medianOfDefined(ratios));
    }

    private static String round(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static double medianOfDefined(double[] ratios) {
        double[] defined = Arrays.stream(ratios).filter(r -> !Double.isNaN(r)).toArray();
        return defined.length == 0 ? Double.NaN : median(defined);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
