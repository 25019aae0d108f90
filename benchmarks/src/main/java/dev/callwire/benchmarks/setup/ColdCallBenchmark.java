package dev.callwire.benchmarks.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.server.SignalingServer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
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
 * [fps=20]}. Per sample, two call bots ({@link ColdBot}) start in fresh JVMs, join a new room on the project's
 * signaling server (in this process, raw WebSocket) and the caller calls at once; measured from {@code call()} to
 * the first decoded remote frame. The same bots run with the engine's warm-up turned off
 * ({@code -Dcallwire.warmup=false}), and two headless Chromium pages call each other through the same server
 * ({@code setup-bench.mjs --serve}, measured from RTCPeerConnection events and requestVideoFrameCallback, no
 * polling). The three kinds are interleaved, one sample of each per round in a rotating order, so load on the
 * machine falls on all of them alike. Chromium's pages are loaded once (a browser user's tab is open
 * before the call); the Java processes are new for every call, which is the point.
 */
public final class ColdCallBenchmark {

    private static final Pattern TIMELINE = Pattern.compile("set-up: offer sent (\\S+) ms, answer received (\\S+) ms, "
            + "ICE connected (\\S+) ms, DTLS connected (\\S+) ms, first frame decoded (\\S+) ms");
    private static final String[] KINDS = {"java", "java-no-warm-up", "browser"};

    private ColdCallBenchmark() {
    }

    /** Milliseconds from call(); NaN when not seen. */
    record Sample(double firstFrame, double connected, double offer, double answer, double ice, double dtls,
                  double sinceProcessStart) {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 640;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : 480;
        int fps = args.length > 3 ? Integer.parseInt(args[3]) : 20; // Chromium's fake camera gives 640x480 at 20 fps at most
        System.out.printf(Locale.ROOT, "cold first call: %d samples each of %s, %dx%d@%d test pattern, %d cores%n",
                samples, String.join(", ", KINDS), width, height, fps, Runtime.getRuntime().availableProcessors());
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        for (String kind : KINDS) {
            results.put(kind, new ArrayList<>());
        }
        Map<String, Integer> failures = new LinkedHashMap<>();
        Path jar = Path.of(ColdCallBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(0).build()) {
            server.start();
            try (Browser browser = Browser.start(server.httpUri().toString(), width, height, fps)) {
                browser.call(); // the pages' own first call: not what a browser user waits for
                browser.call();
                for (int round = 0; round < samples; round++) {
                    for (int k = 0; k < KINDS.length; k++) {
                        String kind = KINDS[(round + k) % KINDS.length];
                        try {
                            Sample s = kind.equals("browser") ? browser.call()
                                    : javaCall(jar, server.webSocketUri().toString(), "cold-" + round + "-" + k, width,
                                            height, fps, kind.equals("java"));
                            results.get(kind).add(s);
                        } catch (IllegalStateException e) { // counted and reported, not hidden: a failed call
                            failures.merge(kind, 1, Integer::sum);
                            System.out.println("  " + kind + " failed: " + e.getMessage().lines().findFirst().orElse(""));
                        }
                    }
                    System.out.printf(Locale.ROOT, "  round %d: java %.0f ms, java-no-warm-up %.0f ms, browser %.0f ms%n",
                            round + 1, last(results, "java"), last(results, "java-no-warm-up"), last(results, "browser"));
                    if ((round + 1) % 5 == 0 && round + 1 < samples) {
                        report(results, failures, round + 1); // partial figures, in case the run is cut short
                    }
                }
            }
        }
        report(results, failures, samples);
    }

    private static void report(Map<String, List<Sample>> results, Map<String, Integer> failures, int samples) {
        System.out.println();
        System.out.println("call() -> first decoded frame, ms: p50 / p95 | breakdown p50: offer, answer, ICE, DTLS, frame");
        for (var e : results.entrySet()) {
            List<Sample> s = e.getValue();
            System.out.printf(Locale.ROOT, "  %-16s %5.0f / %5.0f | offer %4.0f, answer %4.0f, ICE %4.0f, DTLS %4.0f, "
                            + "frame %4.0f | connected p50 %.0f%s%n", e.getKey(), pct(s, Sample::firstFrame, 0.5),
                    pct(s, Sample::firstFrame, 0.95), pct(s, Sample::offer, 0.5), pct(s, Sample::answer, 0.5),
                    pct(s, Sample::ice, 0.5), pct(s, Sample::dtls, 0.5), pct(s, Sample::firstFrame, 0.5),
                    pct(s, Sample::connected, 0.5), e.getKey().startsWith("java")
                            ? String.format(Locale.ROOT, " | process start -> first frame p50 %.0f",
                            pct(s, Sample::sinceProcessStart, 0.5)) : "");
        }
        double b50 = pct(results.get("browser"), Sample::firstFrame, 0.5);
        double b95 = pct(results.get("browser"), Sample::firstFrame, 0.95);
        System.out.printf(Locale.ROOT, "SUMMARY cold first call (%d interleaved rounds): java p50 %.0f p95 %.0f ms "
                        + "(%.2f / %.2f of Chromium); without warm-up p50 %.0f p95 %.0f ms (%.2f / %.2f); Chromium p50 "
                        + "%.0f p95 %.0f ms%n", samples,
                pct(results.get("java"), Sample::firstFrame, 0.5), pct(results.get("java"), Sample::firstFrame, 0.95),
                pct(results.get("java"), Sample::firstFrame, 0.5) / b50,
                pct(results.get("java"), Sample::firstFrame, 0.95) / b95,
                pct(results.get("java-no-warm-up"), Sample::firstFrame, 0.5),
                pct(results.get("java-no-warm-up"), Sample::firstFrame, 0.95),
                pct(results.get("java-no-warm-up"), Sample::firstFrame, 0.5) / b50,
                pct(results.get("java-no-warm-up"), Sample::firstFrame, 0.95) / b95, b50, b95);
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

    private static Sample javaCall(Path jar, String wsUri, String room, int width, int height, int fps, boolean warmUp)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File calleeErr = Files.createTempFile("cold-callee", ".log").toFile();
        File callerErr = Files.createTempFile("cold-caller", ".log").toFile();
        List<String> base = new ArrayList<>(List.of(java, "-Dcallwire.warmup=" + warmUp, "-cp", jar.toString(),
                ColdBot.class.getName()));
        List<String> rest = List.of(wsUri, room, String.valueOf(width), String.valueOf(height), String.valueOf(fps));
        Process callee = null;
        Process caller = null;
        try {
            List<String> calleeCmd = new ArrayList<>(base);
            calleeCmd.add("callee");
            calleeCmd.addAll(rest);
            callee = new ProcessBuilder(calleeCmd).redirectError(calleeErr).start();
            BufferedReader calleeOut = new BufferedReader(new InputStreamReader(callee.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = calleeOut.readLine()) != null && !line.equals("READY")) {
                // wait for the callee to be in the room
            }
            if (line == null) {
                throw new IllegalStateException("callee exited before joining: " + Files.readString(calleeErr.toPath()));
            }
            List<String> callerCmd = new ArrayList<>(base);
            callerCmd.add("caller");
            callerCmd.addAll(rest);
            caller = new ProcessBuilder(callerCmd).redirectError(callerErr).start();
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
            return new Sample(json.get("firstFrameMs").asDouble(), json.get("connectedMs").asDouble(), timeline[0],
                    timeline[1], timeline[2], timeline[3], json.get("firstFrameSinceJvmStartMs").asDouble());
        } finally {
            for (Process p : new Process[] {caller, callee}) {
                if (p != null && p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            calleeErr.delete();
            callerErr.delete();
        }
    }

    /** {@code setup-bench.mjs --serve}: one call per request, the pages staying open. */
    private static final class Browser implements AutoCloseable {
        private final Process node;
        private final BufferedReader out;
        private final BufferedWriter in;

        private Browser(Process node) {
            this.node = node;
            this.out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            this.in = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        }

        static Browser start(String url, int width, int height, int fps) throws Exception {
            Path dir = SetupBenchmark.browserDir();
            SetupBenchmark.ensureNodeModules(dir);
            Process node = new ProcessBuilder("node", "setup-bench.mjs", "--url", url, "--serve", "--width",
                    String.valueOf(width), "--height", String.valueOf(height), "--fps", String.valueOf(fps))
                    .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Browser browser = new Browser(node);
            String line = browser.next();
            if (!line.startsWith("READY ")) {
                browser.close();
                throw new IllegalStateException("browser driver: " + line);
            }
            System.out.println("  browser: " + line.substring(6));
            return browser;
        }

        private String next() throws Exception {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ") || line.startsWith("SAMPLE ") || line.startsWith("RESULT ")) {
                    return line;
                }
            }
            throw new IllegalStateException("the browser driver exited (" + node.waitFor() + ")");
        }

        Sample call() throws Exception {
            in.write("call\n");
            in.flush();
            String line = next();
            JsonNode s = new ObjectMapper().readTree(line.substring(line.indexOf(' ') + 1));
            if (!s.path("ok").asBoolean()) {
                throw new IllegalStateException("browser call failed: " + s.path("reason").asText());
            }
            return new Sample(num(s, "firstFrameMs"), num(s, "connectedMs"), num(s, "offerMs"), num(s, "answerMs"),
                    num(s, "iceMs"), num(s, "connectedMs"), Double.NaN);
        }

        private static double num(JsonNode s, String field) {
            JsonNode n = s.get(field);
            return n == null || n.isNull() ? Double.NaN : n.asDouble();
        }

        @Override
        public void close() throws Exception {
            try {
                in.write("quit\n");
                in.flush();
            } catch (java.io.IOException ignored) {
                // already gone
            }
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }
}
