package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.Welcome;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official socket.io JavaScript client (npm {@code socket.io-client@4}, run with {@code node})
 * meets a raw WebSocket Java client in one room. Needs {@code node} and {@code npm} on the PATH and,
 * the first time, the npm registry; fails (never skips) without them.
 */
class NodeSocketIoClientIT {

    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final Path LOGS = Path.of("target", "node-interop").toAbsolutePath();
    private static SignalingServer server;

    @BeforeAll
    static void prepare() throws Exception {
        requireTool("node", "--version");
        requireTool(npm(), "--version");
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("socket.io-client"))) {
            Files.createDirectories(LOGS);
            int exit = run(List.of(npm(), "ci", "--no-audit", "--no-fund"), "npm-ci", 240);
            assertThat(exit).as("npm ci in %s (log in %s)", NODE_DIR, LOGS).isZero();
        }
        server = SignalingServer.builder().port(0).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "transports {0}")
    @ValueSource(strings = {"polling,websocket", "websocket"})
    void nodeClientAndWebSocketClientExchangeSignals(String transports) throws Exception {
        String room = "node-" + UUID.randomUUID();
        try (WsTestClient java = WsTestClient.connect(server)) {
            Welcome javaWelcome = java.join(room);
            URI http = server.httpUri();
            Process node = start(List.of("node", "interop.mjs", "http://" + http.getHost() + ":" + http.getPort(), room,
                    javaWelcome.self(), transports), "interop-" + transports.replace(',', '-'));
            try {
                String nodeId = java.next(PeerJoined.class).peerId();
                Offer offer = java.next(Offer.class);
                assertThat(offer.from()).as("server-stamped from, not the spoofed one").isEqualTo(nodeId);
                assertThat(offer.to()).isEqualTo(javaWelcome.self());
                assertThat(offer.sdp()).isEqualTo("v=0 from node");
                java.send(new Answer(room, null, nodeId, offer.callId(), "v=0 from java"));

                assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
                String stdout = Files.readString(log("interop-" + transports.replace(',', '-'), "out"));
                String stderr = Files.readString(log("interop-" + transports.replace(',', '-'), "err"));
                assertThat(node.exitValue()).as("node exit code; stderr: %s", stderr).isZero();
                JSONObject seen = new JSONObject(stdout.strip().lines().reduce((a, b) -> b).orElse("{}"));
                assertThat(seen.getJSONObject("welcome").getString("self")).isEqualTo(nodeId);
                JSONObject answer = seen.getJSONObject("answer");
                assertThat(answer.getString("from")).isEqualTo(javaWelcome.self());
                assertThat(answer.getString("sdp")).isEqualTo("v=0 from java");
                assertThat(answer.getString("call")).isEqualTo(offer.callId());
                assertThat(seen.getString("upgradedTo")).isEqualTo("websocket");
                assertThat(java.next(PeerLeft.class).peerId()).isEqualTo(nodeId);
            } catch (AssertionError e) {
                String name = "interop-" + transports.replace(',', '-');
                throw new AssertionError(e.getMessage() + "\nnode stderr: " + readQuietly(log(name, "err")), e);
            } finally {
                node.destroyForcibly();
            }
        }
    }

    private static String npm() {
        return System.getProperty("os.name").startsWith("Windows") ? "npm.cmd" : "npm";
    }

    private static void requireTool(String tool, String versionFlag) {
        try {
            Process process = new ProcessBuilder(tool, versionFlag).redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail("'" + tool + " " + versionFlag + "' failed (" + version + "); NodeSocketIoClientIT needs "
                        + tool + " (Node.js 18+ with npm) on the PATH");
            }
        } catch (IOException e) {
            fail("NodeSocketIoClientIT needs '" + tool + "' (Node.js 18+ with npm) on the PATH: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while checking for " + tool);
        }
    }

    private static Process start(List<String> command, String name) throws IOException {
        Files.createDirectories(LOGS);
        return new ProcessBuilder(new ArrayList<>(command))
                .directory(NODE_DIR.toFile())
                .redirectOutput(log(name, "out").toFile())
                .redirectError(log(name, "err").toFile())
                .start();
    }

    private static int run(List<String> command, String name, long timeoutSeconds) throws Exception {
        Process process = start(command, name);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s; see " + log(name, "err"));
        }
        return process.exitValue();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static Path log(String name, String stream) {
        return LOGS.resolve(name + "." + stream + ".log");
    }
}
