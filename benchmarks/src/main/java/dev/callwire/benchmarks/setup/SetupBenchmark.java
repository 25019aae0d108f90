package dev.callwire.benchmarks.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.ClientConfig;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoFrame;
import dev.callwire.media.VideoInput;
import dev.callwire.server.SignalingServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Call set-up time: from {@code room.call(peer)} to the first decoded remote video frame, between two Java
 * clients on 127.0.0.1 over each signaling transport (raw WebSocket and socket.io to an in-process
 * {@link SignalingServer}, MQTT through a local Mosquitto), against the same between two headless Chromium
 * pages running the browser client on the same server's WebSocket endpoint, measured in the same run.
 *
 * <p>{@code java -jar benchmarks.jar setup [calls=20] [warmup=2] [transports=ws,sio,mqtt] [browser=true]}
 *
 * <p>Also recorded per call, for the breakdown: when the callee saw the incoming call (signaling of the
 * offer) and when the caller's call reached {@code connected} (ICE + DTLS done).
 */
public final class SetupBenchmark {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private SetupBenchmark() {
    }

    /** Milliseconds from call() for one call; NaN when not seen. */
    record Sample(double calleeSawMs, double connectedMs, double firstFrameMs, double videoElementMs,
                  double statsDecodedMs) {
        Sample(double calleeSawMs, double connectedMs, double firstFrameMs) {
            this(calleeSawMs, connectedMs, firstFrameMs, Double.NaN, Double.NaN);
        }
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // one INFO line per call state change otherwise (the test-jar's simplelogger.properties asks for them)
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.dev.callwire.webrtc.internal.call.PeerCall", "warn");
        }
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<String> transports = List.of((args.length > 2 ? args[2] : "ws,sio,mqtt").split(","));
        boolean browser = args.length <= 3 || Boolean.parseBoolean(args[3]);
        System.out.printf(Locale.ROOT, "setup benchmark: %d calls (+%d warm-up) per client pair, %dx%d@15 test "
                + "pattern, %d cores%n", calls, warmup, WIDTH, HEIGHT, Runtime.getRuntime().availableProcessors());

        Map<String, List<Sample>> results = new LinkedHashMap<>();
        try (SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(0).build()) {
            server.start();
            if (browser) {
                results.put("browser", runBrowser(server.httpUri(), calls, warmup));
                print("browser", results.get("browser"));
            }
            for (String transport : transports) {
                List<Sample> samples;
                switch (transport) {
                    case "ws" -> samples = runJava(server.webSocketUri(), "setup-ws", calls, warmup);
                    case "sio" -> samples = runJava(server.socketIoUri(), "setup-sio", calls, warmup);
                    case "mqtt" -> {
                        try (Mosquitto broker = Mosquitto.start()) {
                            samples = runJava(broker.uri(), "setup-mqtt", calls, warmup);
                        }
                    }
                    default -> throw new IllegalArgumentException("transport ws|sio|mqtt, got " + transport);
                }
                results.put(transport, samples);
                print(transport, samples);
            }
        }

        StringBuilder summary = new StringBuilder("SUMMARY setup call()->first decoded frame (" + calls
                + " calls each; ratio = java/browser):");
        List<Sample> base = results.get("browser");
        for (Map.Entry<String, List<Sample>> e : results.entrySet()) {
            List<Sample> s = e.getValue();
            double median = pct(s, Sample::firstFrameMs, 0.5);
            double p95 = pct(s, Sample::firstFrameMs, 0.95);
            summary.append(String.format(Locale.ROOT, " %s median %.0f ms p95 %.0f ms", label(e.getKey()), median, p95));
            if (base != null && !e.getKey().equals("browser")) {
                summary.append(String.format(Locale.ROOT, " (ratio %.2f / %.2f)",
                        median / pct(base, Sample::firstFrameMs, 0.5), p95 / pct(base, Sample::firstFrameMs, 0.95)));
            }
            summary.append(';');
        }
        System.out.println(summary);
    }

    private static String label(String key) {
        return switch (key) {
            case "ws" -> "java/websocket";
            case "sio" -> "java/socket.io";
            case "mqtt" -> "java/mqtt";
            default -> key;
        };
    }

    private static void print(String key, List<Sample> samples) {
        System.out.printf(Locale.ROOT, "  %-15s first frame median %.0f p95 %.0f ms | connected median %.0f p95 %.0f ms "
                        + "| callee saw call median %.0f p95 %.0f ms | first frames: %s%n", label(key),
                pct(samples, Sample::firstFrameMs, 0.5), pct(samples, Sample::firstFrameMs, 0.95),
                pct(samples, Sample::connectedMs, 0.5), pct(samples, Sample::connectedMs, 0.95),
                pct(samples, Sample::calleeSawMs, 0.5), pct(samples, Sample::calleeSawMs, 0.95),
                samples.stream().map(s -> String.format(Locale.ROOT, "%.0f", s.firstFrameMs())).toList());
        if (key.equals("browser")) {
            System.out.printf(Locale.ROOT, "  %-15s (same calls: frame presented (rVFC presentationTime) median %.0f "
                            + "p95 %.0f ms)%n", "", pct(samples, Sample::videoElementMs, 0.5),
                    pct(samples, Sample::videoElementMs, 0.95));
        }
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
                        .frameRate(15)
                        .build())
                .build();
    }

    static List<Sample> runJava(URI uri, String roomName, int calls, int warmup) throws Exception {
        AtomicReference<CallSession> incoming = new AtomicReference<>();
        AtomicLong incomingAt = new AtomicLong();
        List<Sample> samples = new ArrayList<>();
        try (CallClient a = CallClient.create(config(uri, "A")); CallClient b = CallClient.create(config(uri, "B"))) {
            Room roomB = b.join(roomName, new RoomListener() {
                @Override
                public void onIncomingCall(Room room, CallSession call) {
                    incomingAt.set(System.nanoTime());
                    incoming.set(call);
                    call.accept();
                }
            }).toCompletableFuture().get(30, TimeUnit.SECONDS);
            Room roomA = a.join(roomName, new RoomListener() { }).toCompletableFuture().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (roomA.peer(roomB.selfId()).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("A never saw B in " + roomName);
                }
                Thread.sleep(10);
            }
            for (int i = 0; i < warmup + calls; i++) {
                incomingAt.set(0);
                incoming.set(null);
                FirstFrame first = new FirstFrame();
                AtomicLong connectedAt = new AtomicLong();
                long t0 = System.nanoTime();
                CallSession call = roomA.call(roomA.peer(roomB.selfId()).orElseThrow()).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                call.remoteVideo().addRenderer(first);
                call.connected().thenRun(() -> connectedAt.set(System.nanoTime()));
                if (!first.seen.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(roomName + " call " + i + ": no remote frame within 20 s (state "
                            + call.state() + ")");
                }
                call.connected().toCompletableFuture().get(5, TimeUnit.SECONDS);
                Thread.sleep(5); // let the connected callback record its time
                if (i >= warmup) {
                    samples.add(new Sample(ms(t0, incomingAt.get()), ms(t0, connectedAt.get()),
                            ms(t0, first.at.get())));
                }
                call.hangUp();
                call.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
                CallSession other = incoming.get();
                if (other != null) {
                    other.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                Thread.sleep(300);
            }
        }
        return samples;
    }

    private static double ms(long t0, long at) {
        return at == 0 ? Double.NaN : (at - t0) / 1e6;
    }

    /** Runs {@code benchmarks/browser/setup-bench.mjs} (npm ci first when node_modules is missing). */
    static List<Sample> runBrowser(URI httpUri, int calls, int warmup) throws Exception {
        Path dir = browserDir();
        ensureNodeModules(dir);
        Process node = new ProcessBuilder("node", "setup-bench.mjs", "--url", httpUri.toString(),
                "--calls", String.valueOf(calls), "--warmup", String.valueOf(warmup))
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                } else {
                    System.out.println("  [browser] " + line);
                }
            }
        }
        if (!node.waitFor(240, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
        if (result == null) {
            throw new IllegalStateException("the browser baseline printed no RESULT (exit " + node.exitValue() + ")");
        }
        JsonNode json = new ObjectMapper().readTree(result);
        if (!json.path("ok").asBoolean()) {
            throw new IllegalStateException("browser baseline failed: " + json.path("reason").asText());
        }
        System.out.println("  browser: Chromium " + json.path("chromium").asText() + ", local video "
                + json.path("localVideo") + ", first frame from " + json.path("samples").path(0).path("firstFrameSource")
                .asText());
        List<Sample> samples = new ArrayList<>();
        for (JsonNode s : json.path("samples")) {
            samples.add(new Sample(num(s.get("calleeSawMs")), num(s.get("connectedMs")), num(s.get("firstFrameMs")),
                    num(s.get("videoElementMs")), num(s.get("statsDecodedMs"))));
        }
        return samples;
    }

    private static double num(JsonNode node) {
        return node == null || node.isNull() ? Double.NaN : node.asDouble();
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
