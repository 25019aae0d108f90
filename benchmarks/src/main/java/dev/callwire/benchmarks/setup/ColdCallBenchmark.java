package dev.callwire.benchmarks.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.server.SignalingServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first call of a fresh process: {@code java -jar benchmarks.jar cold [samples=30] [width=640] [height=480]
 * [fps=30]}. Per sample, two call bots ({@link ColdBot}) start in fresh JVMs, join a new room on the project's
 * signaling server (in this process, raw WebSocket) and the caller calls at once; measured from {@code call()} to
 * the first decoded remote frame. Kinds ({@code -Dcold.kinds=} to pick some):
 * <ul>
 *   <li>{@code java-plain}: the engine's warm-up off ({@code -Dcallwire.warmup=false}), no class-data archive:
 *   the "before";</li>
 *   <li>{@code java-warm-up}: the warm-up on, no archive;</li>
 *   <li>{@code java}: the warm-up on and AppCDS archives ({@code -XX:SharedArchiveFile}) that this run makes
 *   first with one training call ({@code -XX:ArchiveClassesAtExit}), what a deployed bot would ship: one archive
 *   per role, the caller's and the callee's, since a process archives only the classes it loaded itself
 *   ({@code -Dcold.archiveRoles=caller} gives both the caller's, as before; kind {@code java-lean-one-archive} is
 *   {@code java-lean} with the caller's archive on both sides, to compare the two in the same rounds);</li>
 *   <li>{@code java-lean}: the same plus the launcher flags of a short-lived bot, C1 only
 *   ({@code -XX:TieredStopAtLevel=1}) and the serial collector: less compiler and GC work competing with the
 *   call on a busy machine;</li>
 *   <li>{@code browser}: two headless Chromium pages calling each other through the same server
 *   ({@code setup-bench.mjs --serve}, measured from RTCPeerConnection events and requestVideoFrameCallback,
 *   nothing polling).</li>
 * </ul>
 * and, to compare two builds in the same rounds, {@code base} and {@code base-lean}: {@code java} and
 * {@code java-lean} with the bots of another build's benchmarks jar, {@code -Dcold.baseline=<jar>} (its own archive
 * is made first, next to it).
 * The kinds are interleaved, one sample of each per round in a rotating order, so load on the machine falls on
 * all of them alike. Chromium's pages are loaded once (a browser user's tab is open before the call); the Java
 * processes are new for every call, which is the point.
 */
public final class ColdCallBenchmark {

    private static final Pattern TIMELINE = Pattern.compile("set-up: offer sent (\\S+) ms, answer received (\\S+) ms, "
            + "ICE connected (\\S+) ms, DTLS connected (\\S+) ms, first frame decoded (\\S+) ms");
    private static final String[] ALL_KINDS = {"java-plain", "java-warm-up", "java", "java-lean", "browser"};
    private static final List<String> BASELINE_KINDS = List.of("base", "base-lean");
    /** {@code -Dcold.jvmArgs=}: more options for every bot JVM (all kinds alike), e.g. logging to find the time. */
    private static final List<String> EXTRA_JVM_OPTIONS = System.getProperty("cold.jvmArgs", "").isBlank() ? List.of()
            : List.of(System.getProperty("cold.jvmArgs").trim().split("\\s+"));
    /** {@code -Dcold.keepLogs=<dir>}: keeps each bot's stderr there as {@code <room>-caller.log}/{@code -callee.log}. */
    private static final Path KEEP_LOGS = System.getProperty("cold.keepLogs") == null ? null
            : Path.of(System.getProperty("cold.keepLogs"));
    /** {@code -Dcold.archiveRoles=caller}: the callee uses the caller's archive too (how earlier runs trained). */
    private static final boolean CALLEE_ARCHIVE = !"caller".equals(System.getProperty("cold.archiveRoles", "both"));

    /** A jar's class-data archives: the caller's, and the callee's (the same file unless trained per role). */
    record Archives(Path caller, Path callee) {
        static Archives next(Path jar) {
            return new Archives(jar.resolveSibling("cold-bot.jsa"),
                    jar.resolveSibling(CALLEE_ARCHIVE ? "cold-bot-callee.jsa" : "cold-bot.jsa"));
        }

        Path of(String role) {
            return role.equals("caller") ? caller : callee;
        }
    }

    private ColdCallBenchmark() {
    }

    /** Milliseconds from call(); NaN when not seen. */
    record Sample(double firstFrame, double connected, double offer, double answer, double ice, double dtls,
                  double sinceProcessStart, double created, double joined) {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 640;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : 480;
        int fps = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        String[] kinds = System.getProperty("cold.kinds", String.join(",", ALL_KINDS)).split(",");
        System.out.printf(Locale.ROOT, "cold first call: %d samples each of %s, %dx%d@%d test pattern, %d cores%n",
                samples, String.join(", ", kinds), width, height, fps, Runtime.getRuntime().availableProcessors());
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        for (String kind : kinds) {
            results.put(kind, new ArrayList<>());
        }
        Map<String, Integer> failures = new LinkedHashMap<>();
        List<Double> loads = new ArrayList<>();
        Path jar = Path.of(ColdCallBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Archives archive = Archives.next(jar);
        String baselineJar = System.getProperty("cold.baseline");
        Path baseJar = baselineJar == null ? null : Path.of(baselineJar).toAbsolutePath();
        if (baseJar == null && Arrays.stream(kinds).anyMatch(BASELINE_KINDS::contains)) {
            throw new IllegalArgumentException("kinds base and base-lean need -Dcold.baseline=<another benchmarks.jar>");
        }
        Archives baseArchive = baseJar == null ? null : Archives.next(baseJar);
        try (SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(0).build()) {
            server.start();
            String ws = server.webSocketUri().toString();
            if (Arrays.stream(kinds).anyMatch(k -> k.equals("java") || k.startsWith("java-lean"))) {
                makeArchive(jar, archive, ws, width, height, fps);
            }
            if (baseJar != null && Arrays.stream(kinds).anyMatch(BASELINE_KINDS::contains)) {
                makeArchive(baseJar, baseArchive, ws, width, height, fps);
            }
            try (BrowserPages browser = BrowserPages.open(server.httpUri().toString(), width, height, fps)) {
                System.out.println("  browser: " + browser.description());
                browser.call(); // the pages' own first call: not what a browser user waits for
                browser.call();
                for (int round = 0; round < samples; round++) {
                    for (int k = 0; k < kinds.length; k++) {
                        String kind = kinds[(round + k) % kinds.length];
                        try {
                            Sample s = kind.equals("browser") ? browserCall(browser)
                                    : BASELINE_KINDS.contains(kind)
                                    ? javaCall(baseJar, ws, "cold-" + round + "-" + k, width, height, fps,
                                            role -> jvmOptions(kind.equals("base") ? "java" : "java-lean",
                                                    baseArchive.of(role)))
                                    : javaCall(jar, ws, "cold-" + round + "-" + k, width, height, fps,
                                            role -> kind.equals("java-lean-one-archive")
                                                    ? jvmOptions("java-lean", archive.caller())
                                                    : jvmOptions(kind, archive.of(role)));
                            results.get(kind).add(s);
                        } catch (IllegalStateException e) { // counted and reported, not hidden: a failed call
                            failures.merge(kind, 1, Integer::sum);
                            System.out.println("  " + kind + " failed: " + e.getMessage().lines().findFirst().orElse(""));
                        }
                    }
                    StringBuilder line = new StringBuilder("  round " + (round + 1) + ":");
                    for (String kind : kinds) {
                        line.append(String.format(Locale.ROOT, " %s %.0f ms", kind, last(results, kind)));
                    }
                    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage();
                    loads.add(load);
                    System.out.println(line + String.format(Locale.ROOT, " (load average %.1f)", load));
                    if (round + 1 >= 5 && round + 1 < samples) {
                        report(results, failures, loads, round + 1); // partial figures, in case the run is cut short
                    }
                }
            }
        }
        report(results, failures, loads, samples);
    }

    private static void report(Map<String, List<Sample>> results, Map<String, Integer> failures, List<Double> loads,
                               int samples) {
        System.out.println();
        System.out.println("call() -> first decoded frame, ms: p50 / p95 | breakdown p50: offer, answer, ICE, DTLS, frame");
        for (var e : results.entrySet()) {
            List<Sample> s = e.getValue();
            System.out.printf(Locale.ROOT, "  %-16s %5.0f / %5.0f | offer %4.0f, answer %4.0f, ICE %4.0f, DTLS %4.0f, "
                            + "frame %4.0f | connected p50 %.0f%s%n", e.getKey(), pct(s, Sample::firstFrame, 0.5),
                    pct(s, Sample::firstFrame, 0.95), pct(s, Sample::offer, 0.5), pct(s, Sample::answer, 0.5),
                    pct(s, Sample::ice, 0.5), pct(s, Sample::dtls, 0.5), pct(s, Sample::firstFrame, 0.5),
                    pct(s, Sample::connected, 0.5), e.getKey().startsWith("java")
                            ? String.format(Locale.ROOT, " | from JVM start p50: client created %.0f, joined and "
                                    + "callee seen %.0f, first frame %.0f", pct(s, Sample::created, 0.5),
                            pct(s, Sample::joined, 0.5), pct(s, Sample::sinceProcessStart, 0.5)) : "");
        }
        List<Sample> browser = results.getOrDefault("browser", List.of());
        double b50 = pct(browser, Sample::firstFrame, 0.5);
        double b95 = pct(browser, Sample::firstFrame, 0.95);
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "SUMMARY cold first call (%d interleaved rounds), p50 / p95 ms (ratio to Chromium):", samples));
        for (var e : results.entrySet()) {
            double p50 = pct(e.getValue(), Sample::firstFrame, 0.5);
            double p95 = pct(e.getValue(), Sample::firstFrame, 0.95);
            summary.append(String.format(Locale.ROOT, " %s %.0f / %.0f", e.getKey(), p50, p95));
            if (!e.getKey().equals("browser")) {
                summary.append(String.format(Locale.ROOT, " (%.2f / %.2f)", p50 / b50, p95 / b95));
            }
            summary.append(';');
        }
        System.out.println(summary);
        System.out.printf(Locale.ROOT, "1-minute load average over the rounds: min %.1f, median %.1f, max %.1f (%d cores)%n",
                loads.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                loads.stream().sorted().skip(loads.size() / 2).findFirst().orElse(Double.NaN),
                loads.stream().mapToDouble(d -> d).max().orElse(Double.NaN), Runtime.getRuntime().availableProcessors());
        System.out.println("failed calls (not in the figures): " + (failures.isEmpty() ? "none" : failures));
    }

    private static double last(Map<String, List<Sample>> results, String kind) {
        List<Sample> s = results.get(kind);
        return s.isEmpty() ? Double.NaN : s.get(s.size() - 1).firstFrame();
    }

    static double pct(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f, double q) {
        double[] values = samples.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values[Math.min(values.length - 1, (int) Math.ceil(q * values.length) - 1)];
    }

    /** The JVM options of a Java kind (see the class comment). */
    private static List<String> jvmOptions(String kind, Path archive) {
        return switch (kind) {
            case "java-plain" -> List.of("-Dcallwire.warmup=false");
            case "java-warm-up" -> List.of("-Dcallwire.warmup=true");
            case "java" -> List.of("-Dcallwire.warmup=true", "-XX:SharedArchiveFile=" + archive);
            case "java-lean" -> List.of("-Dcallwire.warmup=true", "-XX:SharedArchiveFile=" + archive,
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
            default -> throw new IllegalArgumentException("unknown kind " + kind + ", expected one of "
                    + String.join(", ", ALL_KINDS));
        };
    }

    /**
     * One training call whose caller (and callee, when trained per role) writes the classes it loaded into its
     * archive as it exits, then a check that a JVM maps each ({@code -Xshare:on} fails when it cannot); the archives
     * are rebuilt each run because they are only valid for the jar they were made with.
     */
    private static void makeArchive(Path jar, Archives archives, String wsUri, int width, int height, int fps)
            throws Exception {
        Files.deleteIfExists(archives.caller());
        Files.deleteIfExists(archives.callee());
        long started = System.nanoTime();
        javaCall(jar, wsUri, "cold-training", width, height, fps, role -> {
            List<String> options = new ArrayList<>(List.of("-Dcallwire.warmup=true"));
            if (role.equals("caller") || !archives.callee().equals(archives.caller())) {
                options.add("-XX:ArchiveClassesAtExit=" + archives.of(role));
            }
            return options;
        });
        for (Path archive : List.of(archives.caller(), archives.callee())) {
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("the training call wrote no class-data archive at " + archive);
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process check = new ProcessBuilder(java, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp",
                    jar.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (check.waitFor() != 0) {
                throw new IllegalStateException("the class-data archive does not map: " + out);
            }
            System.out.printf(Locale.ROOT, "  AppCDS archive %s: %d KiB%n", archive.getFileName(),
                    Files.size(archive) / 1024);
        }
        System.out.printf(Locale.ROOT, "  archives made in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** @param options a bot's JVM options by its role, {@code "caller"} or {@code "callee"} */
    private static Sample javaCall(Path jar, String wsUri, String room, int width, int height, int fps,
                                   java.util.function.Function<String, List<String>> options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File calleeErr = Files.createTempFile("cold-callee", ".log").toFile();
        File callerErr = Files.createTempFile("cold-caller", ".log").toFile();
        List<String> rest = List.of(wsUri, room, String.valueOf(width), String.valueOf(height), String.valueOf(fps));
        Process callee = null;
        Process caller = null;
        try {
            callee = new ProcessBuilder(command(java, jar, options.apply("callee"), "callee", rest))
                    .redirectError(calleeErr).start();
            BufferedReader calleeOut = new BufferedReader(new InputStreamReader(callee.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = calleeOut.readLine()) != null && !line.equals("READY")) {
                // wait for the callee to be in the room
            }
            if (line == null) {
                throw new IllegalStateException("callee exited before joining: " + Files.readString(calleeErr.toPath()));
            }
            caller = new ProcessBuilder(command(java, jar, options.apply("caller"), "caller", rest))
                    .redirectError(callerErr).start();
            String result = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(caller.getInputStream(),
                    StandardCharsets.UTF_8))) {
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        result = line.substring(7);
                    }
                }
            }
            caller.waitFor(30, TimeUnit.SECONDS);
            callee.waitFor(30, TimeUnit.SECONDS);
            String log = Files.readString(callerErr.toPath());
            if (result == null) {
                throw new IllegalStateException("caller printed no RESULT: " + log);
            }
            JsonNode json = new ObjectMapper().readTree(result);
            double[] timeline = new double[5];
            Arrays.fill(timeline, Double.NaN);
            Matcher m = TIMELINE.matcher(log);
            if (m.find()) {
                for (int i = 0; i < 5; i++) {
                    timeline[i] = m.group(i + 1).equals("-") ? Double.NaN : Double.parseDouble(m.group(i + 1));
                }
            }
            double connected = json.get("connectedMs").asDouble(); // -1: the event came after the frame
            return new Sample(json.get("firstFrameMs").asDouble(), connected < 0 ? Double.NaN : connected, timeline[0],
                    timeline[1], timeline[2], timeline[3], json.get("firstFrameSinceJvmStartMs").asDouble(),
                    json.get("createdMs").asDouble(), json.get("joinedMs").asDouble());
        } finally {
            for (Process p : new Process[] {caller, callee}) {
                if (p != null && p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            keepLog(calleeErr, room + "-callee.log");
            keepLog(callerErr, room + "-caller.log");
            calleeErr.delete();
            callerErr.delete();
        }
    }

    private static List<String> command(String java, Path jar, List<String> options, String role, List<String> rest) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options);
        command.addAll(EXTRA_JVM_OPTIONS);
        command.addAll(List.of("-cp", jar.toString(), ColdBot.class.getName(), role));
        command.addAll(rest);
        return command;
    }

    private static void keepLog(File log, String name) {
        if (KEEP_LOGS == null) {
            return;
        }
        try {
            Files.createDirectories(KEEP_LOGS);
            Files.copy(log.toPath(), KEEP_LOGS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            System.out.println("  could not keep " + log + ": " + e);
        }
    }

    /** One call of the Chromium pages as a sample of this benchmark. */
    private static Sample browserCall(BrowserPages browser) throws Exception {
        JsonNode s = browser.call();
        return new Sample(BrowserPages.ms(s, "firstFrameMs"), BrowserPages.ms(s, "connectedMs"),
                BrowserPages.ms(s, "offerMs"), BrowserPages.ms(s, "answerMs"), BrowserPages.ms(s, "iceMs"),
                BrowserPages.ms(s, "connectedMs"), Double.NaN, Double.NaN, Double.NaN);
    }
}
