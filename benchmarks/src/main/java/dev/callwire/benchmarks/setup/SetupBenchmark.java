package dev.callwire.benchmarks.setup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callwire.ClientConfig;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoFrame;
import dev.callwire.media.VideoInput;
import dev.callwire.server.SignalingServer;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Call set-up time: from {@code room.call(peer)} to the first decoded remote video frame, between two Java
 * clients on 127.0.0.1 over each signaling transport (raw WebSocket and socket.io to an in-process
 * {@link SignalingServer}, MQTT through a local Mosquitto), against the same between two headless Chromium
 * pages running the browser client on the same server's WebSocket endpoint ({@link BrowserPages}).
 *
 * <p>{@code java -jar benchmarks.jar setup [calls=30] [warmup=2] [transports=ws,sio,mqtt] [browser=true]}
 *
 * <p>All pairs are open for the whole run and called round by round, one call each per round in a rotating
 * order, so load on the machine falls on all of them alike; {@code warmup} rounds come first and are not
 * counted. Per call, the breakdown from {@code call()}: offer sent, offer at the callee, answer received, ICE
 * connected, DTLS connected (the call's {@code connected}), first decoded frame. Both sides record from events
 * only: the Java side from the engine's set-up timeline ({@link SetupTimelines}) and a renderer, the pages from
 * their connections' events and a {@code MediaStreamTrackProcessor} on the remote track.
 */
public final class SetupBenchmark {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FPS = 15;
    private static final String[] STEPS = {"offer", "callee", "answer", "ICE", "DTLS", "frame"};

    private SetupBenchmark() {
    }

    /** One client pair: one call per {@link #call()}, hung up before it returns. */
    interface CallPair extends AutoCloseable {
        Sample call() throws Exception;
    }

    /**
     * Milliseconds from call() for one call, NaN where not seen: offer sent, offer at the callee, answer received,
     * ICE connected, DTLS connected, first decoded frame; and, pages only, the frame presented by a video element.
     */
    record Sample(double offer, double callee, double answer, double ice, double dtls, double firstFrame,
                  double presented) {
        double step(int i) {
            return switch (i) {
                case 0 -> offer;
                case 1 -> callee;
                case 2 -> answer;
                case 3 -> ice;
                case 4 -> dtls;
                default -> firstFrame;
            };
        }
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // one INFO line per call state change otherwise (the test-jar's simplelogger.properties asks for them)
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.dev.callwire.webrtc.internal.call.PeerCall", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.dev.callwire.webrtc.libwebrtc", "error");
        }
        // The Java side's breakdown is the engine's own timeline, one DEBUG line per call.
        System.setProperty("org.slf4j.simpleLogger.log.dev.callwire.webrtc.internal.call.SetupTimeline", "debug");
        SetupTimelines timelines = SetupTimelines.install();
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<String> transports = List.of((args.length > 2 ? args[2] : "ws,sio,mqtt").split(","));
        boolean withBrowser = args.length <= 3 || Boolean.parseBoolean(args[3]);
        System.out.printf(Locale.ROOT, "setup benchmark: %d interleaved rounds (+%d not counted), one call per client "
                + "pair each, %dx%d@%d test pattern, %d cores%n", calls, warmup, WIDTH, HEIGHT, FPS,
                Runtime.getRuntime().availableProcessors());

        Map<String, CallPair> pairs = new LinkedHashMap<>();
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        Map<String, Integer> failures = new LinkedHashMap<>();
        List<Double> loads = new ArrayList<>();
        try (SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(0).build();
             Mosquitto broker = transports.contains("mqtt") ? Mosquitto.start() : null) {
            server.start();
            try {
                for (String transport : transports) {
                    URI uri = switch (transport) {
                        case "ws" -> server.webSocketUri();
                        case "sio" -> server.socketIoUri();
                        case "mqtt" -> broker.uri();
                        default -> throw new IllegalArgumentException("transport ws|sio|mqtt, got " + transport);
                    };
                    pairs.put(transport, JavaCallPair.open(uri, "setup-" + transport, timelines));
                }
                if (withBrowser) {
                    BrowserPages pages = BrowserPages.open(server.httpUri().toString(), WIDTH, HEIGHT, FPS);
                    System.out.println("  browser: " + pages.description());
                    pairs.put("browser", new CallPair() {
                        @Override
                        public Sample call() throws Exception {
                            JsonNode s = pages.call();
                            return new Sample(BrowserPages.ms(s, "offerMs"), BrowserPages.ms(s, "calleeSawMs"),
                                    BrowserPages.ms(s, "answerMs"), BrowserPages.ms(s, "iceMs"),
                                    BrowserPages.ms(s, "connectedMs"), BrowserPages.ms(s, "firstFrameMs"),
                                    BrowserPages.ms(s, "videoElementMs"));
                        }

                        @Override
                        public void close() throws Exception {
                            pages.close();
                        }
                    });
                }
                pairs.keySet().forEach(key -> results.put(key, new ArrayList<>()));
                List<String> keys = List.copyOf(pairs.keySet());
                for (int round = 0; round < warmup + calls; round++) {
                    boolean counted = round >= warmup;
                    StringBuilder line = new StringBuilder(counted ? "  round " + (round - warmup + 1) + ":"
                            : "  warm-up round " + (round + 1) + ":");
                    for (int k = 0; k < keys.size(); k++) {
                        String key = keys.get((round + k) % keys.size());
                        try {
                            Sample sample = pairs.get(key).call();
                            if (counted) {
                                results.get(key).add(sample);
                            }
                            line.append(String.format(Locale.ROOT, " %s %.0f ms", label(key), sample.firstFrame()));
                        } catch (IllegalStateException | java.util.concurrent.ExecutionException
                                 | java.util.concurrent.TimeoutException e) {
                            if (counted) { // counted and reported, not hidden: a failed call
                                failures.merge(key, 1, Integer::sum);
                            }
                            line.append(' ').append(label(key)).append(" FAILED (").append(e.getMessage()
                                    .lines().findFirst().orElse("")).append(')');
                        }
                    }
                    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage();
                    if (counted) {
                        loads.add(load);
                    }
                    System.out.println(line + String.format(Locale.ROOT, " (load average %.1f)", load));
                    if (counted && (round - warmup + 1) % 10 == 0 && round + 1 < warmup + calls) {
                        report(results, failures, loads); // partial figures, in case the run is cut short
                    }
                }
            } finally {
                for (CallPair pair : pairs.values()) {
                    try {
                        pair.close();
                    } catch (Exception e) {
                        System.out.println("  closing a pair: " + e);
                    }
                }
            }
        }
        report(results, failures, loads);
    }

    private static void report(Map<String, List<Sample>> results, Map<String, Integer> failures, List<Double> loads) {
        System.out.println();
        System.out.println("call() -> first decoded frame, ms: p50 / p95 | p50 (p95) of each step from call(): "
                + String.join(", ", STEPS));
        for (Map.Entry<String, List<Sample>> e : results.entrySet()) {
            List<Sample> s = e.getValue();
            StringBuilder steps = new StringBuilder();
            for (int i = 0; i < STEPS.length; i++) {
                int step = i;
                steps.append(String.format(Locale.ROOT, "%s %.0f (%.0f)%s", STEPS[i],
                        pct(s, x -> x.step(step), 0.5), pct(s, x -> x.step(step), 0.95), i + 1 < STEPS.length ? ", " : ""));
            }
            System.out.printf(Locale.ROOT, "  %-15s %5.0f / %5.0f (n=%d) | %s%s%n", label(e.getKey()),
                    pct(s, Sample::firstFrame, 0.5), pct(s, Sample::firstFrame, 0.95), s.size(), steps,
                    e.getKey().equals("browser") ? String.format(Locale.ROOT, " | video element presented p50 %.0f",
                            pct(s, Sample::presented, 0.5)) : "");
        }
        List<Sample> base = results.get("browser");
        int rounds = results.values().stream().mapToInt(List::size).max().orElse(0);
        StringBuilder summary = new StringBuilder("SUMMARY setup call()->first decoded frame (" + rounds
                + " interleaved rounds; ratio = java/browser, p50 / p95):");
        for (Map.Entry<String, List<Sample>> e : results.entrySet()) {
            List<Sample> s = e.getValue();
            double median = pct(s, Sample::firstFrame, 0.5);
            double p95 = pct(s, Sample::firstFrame, 0.95);
            summary.append(String.format(Locale.ROOT, " %s p50 %.0f ms p95 %.0f ms", label(e.getKey()), median, p95));
            if (base != null && !e.getKey().equals("browser")) {
                summary.append(String.format(Locale.ROOT, " (ratio %.2f / %.2f)",
                        median / pct(base, Sample::firstFrame, 0.5), p95 / pct(base, Sample::firstFrame, 0.95)));
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

    private static String label(String key) {
        return switch (key) {
            case "ws" -> "java/websocket";
            case "sio" -> "java/socket.io";
            case "mqtt" -> "java/mqtt";
            default -> key;
        };
    }

    static double pct(List<Sample> samples, ToDoubleFunction<Sample> f, double q) {
        double[] values = samples.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values[Math.min(values.length - 1, (int) Math.ceil(q * values.length) - 1)];
    }

    /** Records when the first frame arrives. */
    static final class FirstFrame implements MediaRenderer {
        final CountDownLatch seen = new CountDownLatch(1);
        final AtomicLong at = new AtomicLong();

        @Override
        public void onFrame(VideoFrame frame) {
            if (at.compareAndSet(0, System.nanoTime())) {
                seen.countDown();
            }
        }
    }

    static ClientConfig config(URI uri, String name) {
        return ClientConfig.builder(uri)
                .displayName(name)
                .headlessAudio(true)
                .media(MediaOptions.builder()
                        .video(VideoInput.testPattern())
                        .audio(AudioInput.tone(440))
                        .resolution(WIDTH, HEIGHT)
                        .frameRate(FPS)
                        .build())
                .build();
    }

    /** {@code npm ci} in the browser driver's directory when playwright-core is missing. */
    static void ensureNodeModules(Path dir) throws Exception {
        if (Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            return;
        }
        System.out.println("  (npm ci in " + dir + ")");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed in " + dir);
        }
    }

    /** {@code benchmarks/browser}: next to {@code target/} of the running jar, or {@code -Dcallwire.bench.browser}. */
    static Path browserDir() throws Exception {
        String configured = System.getProperty("callwire.bench.browser");
        if (configured != null) {
            return Path.of(configured);
        }
        Path jar = Path.of(SetupBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path candidate = jar.getParent().getParent().resolve("browser");
        if (Files.isRegularFile(candidate.resolve("setup-bench.mjs"))) {
            return candidate;
        }
        Path fromCwd = Path.of("benchmarks" + File.separator + "browser");
        if (Files.isRegularFile(fromCwd.resolve("setup-bench.mjs"))) {
            return fromCwd;
        }
        throw new IllegalStateException("cannot find benchmarks/browser/setup-bench.mjs; set -Dcallwire.bench.browser");
    }
}
