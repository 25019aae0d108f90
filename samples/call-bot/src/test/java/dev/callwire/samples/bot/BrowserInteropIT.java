package dev.callwire.samples.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.server.SignalingServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real interop between the browser client the signaling server serves ({@code static/app.js}) running in headless
 * Debian Chromium, and the Java call bot (the shaded jar, libwebrtc through webrtc-java), through an embedded
 * signaling server: the browser calls the bot, and the bot calls the browser. Both sides must decode the other's
 * video at the size it sends and receive audio, and the bot's hang-up must reach the page as {@code bye hangup}.
 *
 * <p>Needs {@code node}, {@code npm} and Debian's {@code chromium} ({@code /usr/bin/chromium}); the test fails,
 * naming what is missing, when one is not there. The node driver ({@code src/test/browser/driver.mjs}) uses
 * {@code playwright-core} only (no downloaded browser); {@code npm ci} installs it when {@code node_modules} is
 * missing. Screenshots land in {@code target/screenshots/}.
 *
 * <p>{@link BrowserInteropClusterIT} runs the same calls with the page and the bot on two instances of a cluster.
 */
class BrowserInteropIT {

    private static final Path JAR = Path.of("target", "call-bot.jar");
    private static final Path BROWSER_DIR = Path.of("src", "test", "browser");
    private static final Path REPORTS = Path.of("target", "bot-reports");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String BOT_NAME = "javabot";
    private static final String BROWSER_NAME = "browser";
    private static final int BOT_WIDTH = 320;
    private static final int BOT_HEIGHT = 240;
    private static final String BOT_VIDEO = BOT_WIDTH + "x" + BOT_HEIGHT + "@15";
    private static final int MIN_BROWSER_FRAMES = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String node;

    private SignalingServer server;
    private SignalingServer botServer;
    private final List<Child> children = new ArrayList<>();

    @BeforeAll
    static void requireToolsAndDriver() throws Exception {
        node = onPath("node").orElseGet(() -> fail("node is missing from PATH: install the Debian package 'nodejs' "
                + "(BrowserInteropIT runs its Chromium driver with node)"));
        String npm = onPath("npm").orElseGet(() -> fail("npm is missing from PATH: install the Debian package 'npm' "
                + "(BrowserInteropIT installs playwright-core with 'npm ci')"));
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: install the Debian package 'chromium' (apt-get install -y chromium); "
                    + "BrowserInteropIT never downloads a browser");
        }
        assertThat(JAR).as("the shaded jar is built by the package phase").exists();
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules").resolve("playwright-core"))) {
            Child install = Child.start("npm ci", BROWSER_DIR, List.of(npm, "ci", "--no-audit", "--no-fund"));
            Child.Result result = install.await(180);
            assertThat(result.exitCode()).as("npm ci in %s; output:%n%s%s", BROWSER_DIR, result.output(),
                    result.errors()).isZero();
        }
        Files.createDirectories(REPORTS);
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void startServer() {
        List<SignalingServer> servers = servers();
        server = servers.get(0);
        botServer = servers.get(servers.size() - 1);
    }

    /** The started servers: the page's first, the bot's last (the same one here). */
    List<SignalingServer> servers() {
        SignalingServer only = SignalingServer.builder().host("127.0.0.1").port(0).build();
        only.start();
        return List.of(only);
    }

    @AfterEach
    void stopEverything() {
        children.forEach(Child::kill);
        server.close();
        botServer.close();
    }

    /** The page presses Call on the bot, which answers; each decodes the other's video. */
    @Test
    void browserCallsJavaBot() throws Exception {
        String room = "browser-calls-java";
        Path report = freshReport("browser-calls-java.json");
        Path screenshot = SCREENSHOTS.resolve("browser-call.png");
        Files.deleteIfExists(screenshot);

        Child driver = startDriver(room, "call", false, screenshot);
        JsonNode page = JSON.readTree(driver.awaitLine("READY ", 100));
        Child bot = startBot("--signaling", botServer.webSocketUri().toString(), "--room", room, "--name", BOT_NAME,
                "--answer", "--duration", "12", "--video", BOT_VIDEO, "--report", report.toString());

        Child.Result botResult = bot.await(60);
        Child.Result driverResult = driver.await(90);
        assertInterop(page, driverResult, botResult, report, "outgoing", "INCOMING");
        assertThat(screenshot).as("screenshot of the page during the call").isNotEmptyFile();
    }

    /** The page joins with autoanswer=1; the bot calls the first peer present, the page answers. */
    @Test
    void javaBotCallsBrowser() throws Exception {
        String room = "java-calls-browser";
        Path report = freshReport("java-calls-browser.json");
        Path screenshot = SCREENSHOTS.resolve("java-calls-browser.png");
        Files.deleteIfExists(screenshot);

        Child driver = startDriver(room, "answer", true, screenshot);
        JsonNode page = JSON.readTree(driver.awaitLine("READY ", 100));
        Child bot = startBot("--signaling", botServer.webSocketUri().toString(), "--room", room, "--name", BOT_NAME,
                "--call", "first", "--duration", "12", "--video", BOT_VIDEO, "--report", report.toString());

        Child.Result botResult = bot.await(60);
        Child.Result driverResult = driver.await(90);
        assertInterop(page, driverResult, botResult, report, "incoming", "OUTGOING");
        assertThat(screenshot).as("screenshot of the page during the call").isNotEmptyFile();
    }

    private void assertInterop(JsonNode page, Child.Result driverResult, Child.Result botResult, Path report,
                               String browserDirection, String botDirection) throws IOException {
        String diagnostics = String.format("%n--- driver stdout ---%n%s%n--- driver stderr ---%n%s%n--- bot ---%n%s%s",
                driverResult.output(), driverResult.errors(), botResult.output(), botResult.errors());
        JsonNode camera = page.get("localVideo");
        assertThat(camera).as("the page opened Chromium's fake camera; %s", diagnostics).isNotNull();
        assertThat(camera.isObject()).as("the page opened Chromium's fake camera; %s", diagnostics).isTrue();
        int cameraWidth = camera.get("width").asInt();
        int cameraHeight = camera.get("height").asInt();
        System.out.printf("Chromium fake camera: %dx%d@%s%n", cameraWidth, cameraHeight, camera.get("frameRate"));
        assertThat(cameraWidth).isPositive();
        assertThat(cameraHeight).isPositive();

        // The browser side.
        assertThat(driverResult.exitCode()).as("driver exit code; %s", diagnostics).isZero();
        JsonNode browser = JSON.readTree(Optional.ofNullable(driverResult.line("RESULT ")).orElseGet(() ->
                fail("the driver printed no RESULT line; %s", diagnostics)));
        assertThat(browser.get("ok").asBoolean()).as("driver result %s", browser).isTrue();
        assertThat(browser.get("selfId").asText()).isEqualTo(page.get("selfId").asText());
        assertThat(browser.get("peerName").asText()).isEqualTo(BOT_NAME);
        assertThat(browser.get("direction").asText()).isEqualTo(browserDirection);
        assertThat(browser.get("framesDecoded").asLong()).as("frames the browser decoded").isGreaterThan(MIN_BROWSER_FRAMES);
        assertThat(browser.get("frameWidth").asInt()).as("width of the bot's video in the browser").isEqualTo(BOT_WIDTH);
        assertThat(browser.get("frameHeight").asInt()).as("height of the bot's video in the browser").isEqualTo(BOT_HEIGHT);
        assertThat(browser.get("audioPacketsReceived").asLong()).as("audio packets the browser received").isPositive();
        assertThat(browser.get("endReason").asText()).as("how the call ended for the page (the bot hangs up)")
                .isEqualTo("hangup");

        // The Java side.
        assertThat(botResult.exitCode()).as("bot exit code; %s", diagnostics).isZero();
        assertThat(botResult.output()).contains("RESULT: PASS 1 call(s)");
        JsonNode bot = JSON.readTree(report.toFile());
        assertThat(bot.get("passed").asBoolean()).as("bot report %s", bot).isTrue();
        assertThat(bot.get("video").asText()).isEqualTo(BOT_VIDEO);
        assertThat(bot.get("calls")).as("bot report %s", bot).hasSize(1);
        JsonNode call = bot.get("calls").get(0);
        assertThat(call.get("passed").asBoolean()).as("call %s", call).isTrue();
        assertThat(call.get("direction").asText()).isEqualTo(botDirection);
        assertThat(call.get("peerId").asText()).as("the bot's peer is the page").isEqualTo(page.get("selfId").asText());
        assertThat(call.get("peerName").asText()).isEqualTo(BROWSER_NAME);
        assertThat(call.get("callId").asText()).as("both sides speak of the same call")
                .isEqualTo(browser.get("callId").asText());
        assertThat(browser.get("peerId").asText()).isEqualTo(bot.get("selfId").asText());
        assertThat(call.get("framesDecoded").asLong()).as("frames the bot decoded").isGreaterThan(10);
        // Chrome may scale its camera down when a busy CI machine makes encoding slow; it keeps the aspect ratio.
        int width = call.get("width").asInt();
        int height = call.get("height").asInt();
        assertThat(width).as("width of Chromium's camera at the bot").isPositive().isLessThanOrEqualTo(cameraWidth);
        assertThat(height).as("height of Chromium's camera at the bot").isPositive().isLessThanOrEqualTo(cameraHeight);
        assertThat(Math.abs(width * cameraHeight - height * cameraWidth)).as("aspect ratio of %dx%d vs camera %dx%d",
                width, height, cameraWidth, cameraHeight).isLessThanOrEqualTo(2 * Math.max(cameraWidth, cameraHeight));
        assertThat(call.get("audioPacketsReceived").asLong()).as("audio packets the bot received").isPositive();
        assertThat(call.get("endReason").asText()).isEqualTo("HANGUP");
        System.out.printf("browser %s call: browser decoded %d frames %dx%d, %d audio pkts; bot decoded %d frames "
                        + "%dx%d, %d audio pkts, connected in %d ms%n", browserDirection,
                browser.get("framesDecoded").asLong(), browser.get("frameWidth").asInt(),
                browser.get("frameHeight").asInt(), browser.get("audioPacketsReceived").asLong(),
                call.get("framesDecoded").asLong(), call.get("width").asInt(), call.get("height").asInt(),
                call.get("audioPacketsReceived").asLong(), call.get("msToConnected").asLong());
    }

    private Child startDriver(String room, String mode, boolean autoanswer, Path screenshot) throws IOException {
        String url = server.httpUri() + "?room=" + room + "&name=" + BROWSER_NAME + "&autostart=1"
                + (autoanswer ? "&autoanswer=1" : "") + "&debug=1";
        Child driver = Child.start("driver", BROWSER_DIR, List.of(node, "driver.mjs", "--url", url, "--mode", mode,
                "--peer-name", BOT_NAME, "--expect-width", String.valueOf(BOT_WIDTH), "--expect-height",
                String.valueOf(BOT_HEIGHT), "--min-frames", String.valueOf(MIN_BROWSER_FRAMES), "--timeout", "150",
                "--screenshot", screenshot.toAbsolutePath().toString(), "--chromium", CHROMIUM.toString()));
        children.add(driver);
        return driver;
    }

    private Child startBot(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Child bot = Child.start("bot", Path.of("."), command);
        children.add(bot);
        return bot;
    }

    private static Path freshReport(String name) throws IOException {
        Path report = REPORTS.resolve(name);
        Files.deleteIfExists(report);
        return report;
    }

    private static Optional<String> onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Optional.of(Path.of(dir, tool).toString());
            }
        }
        return Optional.empty();
    }

    /** A child process whose stdout lines and stderr are collected; its process tree is killed on {@link #kill}. */
    private static final class Child {
        private final String label;
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private final CompletableFuture<Void> outputDone = new CompletableFuture<>();
        private final CompletableFuture<String> errors = new CompletableFuture<>();
        private boolean endOfOutput; // guarded by lines

        private Child(String label, Process process) {
            this.label = label;
            this.process = process;
            // Own threads: blocking reads must not occupy the common pool.
            daemon(label + "-stdout", () -> {
                readLines();
                outputDone.complete(null);
            });
            daemon(label + "-stderr", () -> errors.complete(drain(process.getErrorStream())));
        }

        private static void daemon(String name, Runnable task) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        }

        static Child start(String label, Path dir, List<String> command) throws IOException {
            return new Child(label, new ProcessBuilder(command).directory(dir.toFile()).start());
        }

        private void readLines() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                synchronized (lines) {
                    lines.add("unreadable: " + e);
                }
            } finally {
                synchronized (lines) {
                    endOfOutput = true;
                    lines.notifyAll();
                }
            }
        }

        /** The rest of the first stdout line starting with {@code prefix}, waiting up to {@code seconds}. */
        String awaitLine(String prefix, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (lines) {
                while (true) {
                    String found = find(prefix);
                    if (found != null) {
                        return found;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || endOfOutput) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                }
            }
            String err = errors.getNow("");
            return fail("%s printed no '%s' line within %d s (exited: %s); stdout:%n%s%nstderr:%n%s", label,
                    prefix.trim(), seconds, !process.isAlive(), output(), err);
        }

        private String find(String prefix) {
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
            return null;
        }

        private String output() {
            synchronized (lines) {
                return String.join(System.lineSeparator(), lines);
            }
        }

        Result await(long seconds) throws InterruptedException, ExecutionException, TimeoutException {
            boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                kill();
            }
            outputDone.get(10, TimeUnit.SECONDS);
            String err = errors.get(10, TimeUnit.SECONDS);
            String out = output();
            System.out.printf("--- %s ---%n%s%n%s", label, out, err);
            assertThat(finished).as("%s finished within %d s; stdout:%n%s%nstderr:%n%s", label, seconds, out, err)
                    .isTrue();
            List<String> snapshot;
            synchronized (lines) {
                snapshot = List.copyOf(lines);
            }
            return new Result(process.exitValue(), out, err, snapshot);
        }

        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        private static String drain(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        }

        record Result(int exitCode, String output, String errors, List<String> lines) {
            /** The rest of the first line starting with {@code prefix}, or {@code null}. */
            String line(String prefix) {
                return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                        .findFirst().orElse(null);
            }
        }
    }
}
