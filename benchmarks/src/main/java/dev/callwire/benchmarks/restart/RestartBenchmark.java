package dev.callwire.benchmarks.restart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.testing.BotOutput;
import dev.callwire.testing.netns.BridgedLan;
import dev.callwire.testing.netns.ChildProcess;
import dev.callwire.testing.netns.HostTools;
import dev.callwire.testing.netns.NamespaceLab;
import dev.callwire.testing.netns.VideoPauses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How fast a call recovers from an address change: {@code java -jar benchmarks.jar restart [trials=10]}, run as root
 * from the repository root after {@code ./mvnw -pl signaling-server,samples/call-bot,benchmarks -am package
 * -DskipTests} and {@code npm ci} in {@code tools/browser}.
 *
 * <p>Two calls on one bridge (namespaces, as the restart ITs build them): two Java call bots, and two headless
 * Chromium pages running the built-in browser client, all sending 640x480 at 20 fps (Chromium's fake camera). A trial
 * renumbers the answering side of one call (old address removed, a new one added on the same link, in one command)
 * and measures the time from that change until <em>both</em> sides have decoded a remote frame again after the pause
 * it caused (wall clock of the first frame after the longest pause of 500 ms or more that started near the change,
 * {@link VideoPauses}; from the bot's renderer and from a MediaStreamTrackProcessor in the page). Trials alternate between the two calls, the first kind alternating too, so a
 * loaded machine slows both alike. Prints each trial, then a {@code SUMMARY} with median and p95 of each and the ratio
 * Java / Chromium (below 1: Java recovers faster), with the load average at the start and end.
 */
public final class RestartBenchmark {

    private static final String SUBNET = "10.234.0";
    private static final int PORT = 8080;
    /** A pause counts from this long (the call bot's threshold too). */
    private static final int GAP_MS = 500;
    private static final Duration TRIAL_TIMEOUT = Duration.ofSeconds(45);
    private static final Pattern BOT_GAP = Pattern.compile("^frame gap: call \\S+ video resumed at (\\d+) after (\\d+) ms");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path botJar = Path.of(System.getProperty("restart.botJar", "samples/call-bot/target/call-bot.jar"));
        Path signalingJar = Path.of(System.getProperty("restart.signalingJar",
                "signaling-server/target/signaling-server.jar"));
        Path driverDir = Path.of(System.getProperty("restart.driverDir", "tools/browser")).toAbsolutePath();
        for (Path p : List.of(botJar, signalingJar, driverDir.resolve("node_modules/playwright-core"))) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: build the jars (-pl signaling-server,samples/call-bot"
                        + " -am package) and run 'npm ci' in tools/browser, from the repository root");
            }
        }
        HostTools tools = HostTools.require("the restart benchmark", "node", "chromium");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String loadBefore = loadAverage();

        try (NamespaceLab lab = new NamespaceLab(tools, Path.of("benchmarks", "target", "restart"))) {
            BridgedLan lan = new BridgedLan(lab.net(), "cw-ks-", SUBNET);
            BridgedLan.Peer j1 = lan.join("cw-kj1-", 11);
            BridgedLan.Peer j2 = lan.join("cw-kj2-", 12);
            BridgedLan.Peer c1 = lan.join("cw-kc1-", 13);
            BridgedLan.Peer c2 = lan.join("cw-kc2-", 14);
            ChildProcess signaling = lab.start("signaling", lan.hub(), List.of(java, "-jar",
                    signalingJar.toAbsolutePath().toString(), "--host", "0.0.0.0", "--port", String.valueOf(PORT)));
            signaling.awaitLine("listening", l -> l.stream().anyMatch(s -> s.startsWith("Callwire signaling server on")),
                    Duration.ofSeconds(90));
            String ws = "ws://" + lan.hubIp() + ":" + PORT + "/ws";

            ChildProcess answerer = lab.start("java-answerer", j1.ns(), bot(java, botJar, ws, "a", "--answer"));
            answerer.awaitLine("joined", l -> l.stream().anyMatch(s -> s.startsWith("joined room")),
                    Duration.ofSeconds(120));
            ChildProcess caller = lab.start("java-caller", j2.ns(), bot(java, botJar, ws, "b", "--call", "first"));
            String page = "http://" + lan.hubIp() + ":" + PORT + "/?room=bench-chromium&autostart=1";
            ChildProcess pageA = lab.start("chromium-answerer", c1.ns(), driver(tools, driverDir,
                    page + "&autoanswer=1&name=ca", "answer", "cb"));
            awaitTagged(pageA, "READY", 120);
            ChildProcess pageB = lab.start("chromium-caller", c2.ns(), driver(tools, driverDir, page + "&name=cb",
                    "call", "ca"));
            for (ChildProcess bot : List.of(answerer, caller)) {
                bot.awaitLine("video flowing", l -> BotOutput.framesDecoded(l) > 30, Duration.ofSeconds(120));
            }
            for (ChildProcess driver : List.of(pageA, pageB)) {
                awaitTagged(driver, "FLOWING", 120);
            }

            Pair javaPair = new Pair("Java", j1, 11, 21, List.of(answerer, caller), false);
            Pair chromiumPair = new Pair("Chromium", c1, 13, 23, List.of(pageA, pageB), true);
            System.out.printf(Locale.ROOT, "load average before: %s; %d trials of each, interleaved%n", loadBefore,
                    trials);
            for (int i = 0; i < trials; i++) {
                List<Pair> order = i % 2 == 0 ? List.of(javaPair, chromiumPair) : List.of(chromiumPair, javaPair);
                for (Pair pair : order) {
                    pair.trial(lan, i + 1);
                }
            }
            String loadAfter = loadAverage();
            javaPair.print();
            chromiumPair.print();
            double ratio50 = median(javaPair.results) / median(chromiumPair.results);
            double ratio95 = p95(javaPair.results) / p95(chromiumPair.results);
            System.out.printf(Locale.ROOT, "SUMMARY restart (address change -> first new remote frame on both sides): "
                            + "Java p50 %.0f ms p95 %.0f ms, Chromium p50 %.0f ms p95 %.0f ms; Java/Chromium p50 %.2f "
                            + "p95 %.2f; %d/%d and %d/%d trials recovered; load average %s -> %s%n",
                    median(javaPair.results), p95(javaPair.results), median(chromiumPair.results),
                    p95(chromiumPair.results), ratio50, ratio95, javaPair.results.size(), trials,
                    chromiumPair.results.size(), trials, loadBefore, loadAfter);
            System.out.println("logs: " + lab.outDir());
        }
    }

    /** One call of the benchmark: the side that moves, its two addresses, and both sides' processes. */
    private static final class Pair {
        final String name;
        final BridgedLan.Peer mover;
        final int hostA;
        final int hostB;
        final List<ChildProcess> sides;
        final boolean chromium;
        final List<Long> results = new ArrayList<>();
        boolean atB;

        Pair(String name, BridgedLan.Peer mover, int hostA, int hostB, List<ChildProcess> sides, boolean chromium) {
            this.name = name;
            this.mover = mover;
            this.hostA = hostA;
            this.hostB = hostB;
            this.sides = sides;
            this.chromium = chromium;
        }

        void trial(BridgedLan lan, int n) {
            long changedAt = lan.renumber(mover, atB ? hostB : hostA, atB ? hostA : hostB);
            atB = !atB;
            long[] resumed = new long[sides.size()];
            try {
                // A side saw the pause end; then a few seconds more for the other side, and in case a longer pause
                // follows a short one (the longest pause starting near the change counts: VideoPauses).
                Awaitility.await(name + " trial " + n).atMost(TRIAL_TIMEOUT).pollInterval(Duration.ofMillis(100))
                        .until(() -> sides.stream().anyMatch(side -> VideoPauses.resumedAfter(gaps(side), changedAt) >= 0));
                long firstSeen = System.currentTimeMillis();
                Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                        .until(() -> System.currentTimeMillis() >= firstSeen + 6_000);
            } catch (ConditionTimeoutException e) {
                System.out.printf(Locale.ROOT, "%-8s trial %2d: no recovery on both sides within %s%n", name, n,
                        TRIAL_TIMEOUT);
                return;
            }
            for (int i = 0; i < sides.size(); i++) {
                // -1: that side's video went on without a pause of GAP_MS: it did not wait at all
                resumed[i] = Math.max(0, VideoPauses.resumedAfter(gaps(sides.get(i)), changedAt));
            }
            long both = Math.max(resumed[0], resumed[1]);
            results.add(both);
            System.out.printf(Locale.ROOT, "%-8s trial %2d: %5d ms (moved side %d ms, other side %d ms)%n", name, n,
                    both, resumed[0], resumed[1]);
        }

        /** (end of pause, length) of each pause of the remote video, in the order they ended. */
        List<long[]> gaps(ChildProcess side) {
            List<long[]> gaps = new ArrayList<>();
            for (String line : side.lines()) {
                if (chromium) {
                    if (line.startsWith("GAP {")) {
                        try {
                            JsonNode gap = JSON.readTree(line.substring(4));
                            gaps.add(new long[] {gap.get("endedAtMs").asLong(), gap.get("ms").asLong()});
                        } catch (IOException e) {
                            throw new IllegalStateException("bad GAP line " + line, e);
                        }
                    }
                } else {
                    Matcher m = BOT_GAP.matcher(line);
                    if (m.find()) {
                        gaps.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                    }
                }
            }
            return gaps;
        }

        void print() {
            System.out.printf(Locale.ROOT, "%-8s recoveries (ms): %s; p50 %.0f p95 %.0f%n", name, results,
                    median(results), p95(results));
        }
    }

    static double median(List<Long> values) {
        return percentile(values, 0.5);
    }

    static double p95(List<Long> values) {
        return percentile(values, 0.95);
    }

    /** Nearest-rank percentile; NaN for no values. */
    static double percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    private static List<String> bot(String java, Path jar, String ws, String name, String... role) {
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toAbsolutePath().toString(), "--signaling",
                ws, "--room", "bench-java", "--name", name, "--video", "640x480@20", "--join-timeout", "90",
                "--duration", "3600", "--ice-restart-attempts", "5"));
        command.addAll(List.of(role));
        return command;
    }

    private static List<String> driver(HostTools tools, Path dir, String url, String mode, String peer) {
        return List.of(tools.path("node").toString(), dir.resolve("restart-driver.mjs").toString(), "--url", url,
                "--mode", mode, "--peer-name", peer, "--expect-width", "640", "--expect-height", "480",
                "--gap-ms", String.valueOf(GAP_MS), "--timeout", "3600", "--chromium",
                tools.path("chromium").toString());
    }


    private static void awaitTagged(ChildProcess driver, String tag, int seconds) {
        driver.awaitLine(tag, l -> l.stream().anyMatch(s -> s.startsWith(tag + " {")), Duration.ofSeconds(seconds));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
