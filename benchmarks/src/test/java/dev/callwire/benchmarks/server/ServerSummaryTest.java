package dev.callwire.benchmarks.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.benchmarks.server.ServerBenchmark.Idle;
import dev.callwire.benchmarks.server.ServerBenchmark.Load;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figures README quotes come from this arithmetic: medians of rounds, ratios within a round. */
class ServerSummaryTest {

    @Test
    void idleMemoryIsTheGrowthOverTheSecondHalfAndItsRatioIsTakenWithinEachRound() {
        // 1,000 joined: growth over 500. node grows 5,000 KiB (10.0 KiB each); Callwire 2,500 then 7,500 KiB.
        List<Idle> idles = List.of(
                idle(0, "node", 60_000, 65_000), idle(0, "callwire", 100_000, 102_500),
                idle(1, "node", 61_000, 66_000), idle(1, "callwire", 100_000, 107_500));

        String out = idleSummary(idles, 2);

        assertThat(out).contains("| endpoint | RSS/conn, 1,000 idle |\n")
                .contains("| ws: node | 10.0 KiB |")
                .contains("| ws: callwire | 10.0 KiB (1.00x; 0.50, 1.50) |")
                .doesNotContain("settled")
                .contains("SUMMARY server idle memory (2 rounds; ratio = callwire/node): ws RSS 10.0 KiB/conn at 1000 "
                        + "idle (ratio 1.00);");
    }

    @Test
    void settledReadingsGetTheirOwnColumnBesideTheReadingAtOnce() {
        List<Idle> idles = List.of(
                new Idle(0, "node", "ws", 1000, 1000, 60_000, 65_000, 55_000, 60_000, -1, -1),
                new Idle(0, "callwire", "ws", 1000, 1000, 100_000, 110_000, 100_000, 102_500, -1, -1));

        String out = idleSummary(idles, 1);

        assertThat(out).contains("| endpoint | RSS/conn, 1,000 idle | RSS/conn, 1,000 idle, settled |\n|---|---|---|\n")
                .contains("| ws: callwire | 20.0 KiB (2.00x) | 5.0 KiB (0.50x) |")
                .contains("ws RSS 20.0 KiB/conn at 1000 idle (ratio 2.00); ws RSS 5.0 KiB/conn at 1000 idle settled "
                        + "(ratio 0.50);");
    }

    @Test
    void aRoundWhereNodesRssFellHasNoRatioAndTheMedianIsOfTheOthers() {
        // node's RSS fell by 5,000 KiB in round 0 (V8 shrank its heap): no ratio there, 0.50 in round 1.
        List<Idle> idles = List.of(
                idle(0, "node", 65_000, 60_000), idle(0, "callwire", 100_000, 102_500),
                idle(1, "node", 60_000, 65_000), idle(1, "callwire", 100_000, 102_500));

        String out = idleSummary(idles, 2);

        assertThat(out).contains("| ws: callwire | 5.0 KiB (0.50x; n/a, 0.50) |")
                .contains("ws RSS 5.0 KiB/conn at 1000 idle (ratio 0.50);");
    }

    @Test
    void noRoundWithARatioSaysSoInsteadOfANegativeRatio() {
        List<Idle> idles = List.of(idle(0, "node", 65_000, 60_000), idle(0, "callwire", 100_000, 102_500));

        String out = idleSummary(idles, 1);

        assertThat(out).contains("| ws: node | -10.0 KiB |").contains("| ws: callwire | 5.0 KiB (n/a) |")
                .contains("(ratio n/a);").doesNotContain("-0.50");
    }

    @Test
    void theLiveHeapGetsItsOwnColumnWhenEveryServerPrintedIt() {
        // Heap in use after the GC: node 8,000 -> 9,500 KiB (3.0 KiB each), Callwire 12,000 -> 13,000 (2.0 KiB each).
        List<Idle> idles = List.of(
                new Idle(0, "node", "ws", 1000, 1000, 60_000, 65_000, 55_000, 60_000, 8_000, 9_500),
                new Idle(0, "callwire", "ws", 1000, 1000, 100_000, 110_000, 100_000, 102_500, 12_000, 13_000));

        String out = idleSummary(idles, 1);

        assertThat(out).contains("| endpoint | RSS/conn, 1,000 idle | RSS/conn, 1,000 idle, settled "
                        + "| live heap/conn, 1,000 idle |\n|---|---|---|---|\n")
                .contains("| ws: node | 10.0 KiB | 10.0 KiB | 3.0 KiB |")
                .contains("| ws: callwire | 20.0 KiB (2.00x) | 5.0 KiB (0.50x) | 2.0 KiB (0.67x) |")
                .contains("ws live heap 2.0 KiB/conn at 1000 idle (ratio 0.67);");
    }

    @Test
    void loadRatiosAreCallwireOverNodeAndPerMessageCpuIsLowerIsBetter() {
        List<Load> loads = List.of(load("node", 40_000, 20.0, 5_000), load("callwire", 60_000, 10.0, 2_500));

        String out = new ServerSummary(loads, List.of(), List.of("ws"), List.of(), 1).render(1000, 5000);

        assertThat(out).contains("| `/ws`: Callwire | 60.0k msg/s (1.50x) | 10.0 µs (0.50x) | 1.00 / 2.50 ms (0.50x)")
                .contains("websocket: 60000 msgs/s (ratio 1.50), server CPU 10.0 us/msg (ratio 0.50)");
    }

    /** The summary of 1,000-connection idle readings on {@code /ws} over {@code rounds} rounds, no load runs. */
    private static String idleSummary(List<Idle> idles, int rounds) {
        return new ServerSummary(List.of(), idles, List.of("ws"), List.of(1000), rounds).render(1000, 5000);
    }

    private static Idle idle(int round, String server, long before, long after) {
        return new Idle(round, server, "ws", 1000, 1000, before, after, -1, -1, -1, -1);
    }

    private static Load load(String server, double msgsPerSec, double cpuMicros, double p99Micros) {
        return new Load(0, server, "ws", cpuMicros, 100 * 1024,
                Map.of("p50us", "1000", "p99us", String.valueOf(p99Micros)),
                Map.of("msgsPerSec", String.valueOf(msgsPerSec)), "ready=1000");
    }
}
