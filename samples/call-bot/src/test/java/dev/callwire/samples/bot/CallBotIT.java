package dev.callwire.samples.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.server.SignalingServer;
import java.io.InputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real bots (the shaded jar, in child processes) calling each other through an embedded signaling server. */
class CallBotIT {

    private static final Path JAR = Path.of("target", "call-bot.jar");
    private static final Path REPORTS = Path.of("target", "bot-reports");

    private SignalingServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = SignalingServer.builder().host("127.0.0.1").port(0).build();
        server.start();
        Files.createDirectories(REPORTS);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** One bot answers over raw WebSocket, the other calls over socket.io: both pass and report the call. */
    @Test
    void oneBotAnswersOneCallsAndBothReportDecodedVideo() throws Exception {
        Path answererReport = REPORTS.resolve("answerer.json");
        Path callerReport = REPORTS.resolve("caller.json");
        Files.deleteIfExists(answererReport);
        Files.deleteIfExists(callerReport);

        Bot answerer = Bot.start("--signaling", server.webSocketUri().toString(), "--room", "bots", "--name", "answerer",
                "--answer", "--duration", "10", "--video", "320x240@15", "--report", answererReport.toString());
        Bot caller = Bot.start("--signaling", server.socketIoUri().toString(), "--room", "bots", "--name", "caller",
                "--call", "first", "--duration", "6", "--video", "320x240@15", "--report", callerReport.toString());

        Bot.Result callerResult = caller.await();
        Bot.Result answererResult = answerer.await();
        assertThat(callerResult.exitCode).as("caller exit code; output:%n%s", callerResult.output).isZero();
        assertThat(answererResult.exitCode).as("answerer exit code; output:%n%s", answererResult.output).isZero();
        assertThat(callerResult.output).contains("RESULT: PASS 1 call(s)");
        assertThat(answererResult.output).contains("RESULT: PASS 1 call(s)");

        ObjectMapper json = new ObjectMapper();
        JsonNode callerJson = json.readTree(callerReport.toFile());
        JsonNode answererJson = json.readTree(answererReport.toFile());
        assertThat(callerJson.get("passed").asBoolean()).isTrue();
        assertThat(callerJson.get("room").asText()).isEqualTo("bots");
        assertThat(callerJson.get("video").asText()).isEqualTo("320x240@15");
        assertThat(callerJson.get("calls")).hasSize(1);
        assertThat(answererJson.get("calls")).hasSize(1);

        JsonNode outgoing = callerJson.get("calls").get(0);
        JsonNode incoming = answererJson.get("calls").get(0);
        assertThat(outgoing.get("direction").asText()).isEqualTo("OUTGOING");
        assertThat(incoming.get("direction").asText()).isEqualTo("INCOMING");
        assertThat(outgoing.get("callId").asText()).isEqualTo(incoming.get("callId").asText()).isNotBlank();
        assertThat(outgoing.get("peerName").asText()).isEqualTo("answerer");
        assertThat(outgoing.get("peerId").asText()).isEqualTo(answererJson.get("selfId").asText());
        assertThat(incoming.get("peerName").asText()).isEqualTo("caller");
        for (JsonNode call : List.of(outgoing, incoming)) {
            assertThat(call.get("passed").asBoolean()).as("call %s", call).isTrue();
            assertThat(call.get("framesDecoded").asLong()).as("frames decoded in %s", call).isGreaterThan(10);
            assertThat(call.get("width").asInt()).isEqualTo(320);
            assertThat(call.get("height").asInt()).isEqualTo(240);
            assertThat(call.get("audioPacketsReceived").asLong()).isGreaterThan(10);
            assertThat(call.get("msToConnected").asLong()).isBetween(0L, 20_000L);
            assertThat(call.get("msToFirstFrame").asLong()).isGreaterThanOrEqualTo(call.get("msToConnected").asLong() - 1000);
            assertThat(call.get("endReason").asText()).isEqualTo("HANGUP"); // the caller leaves first and hangs up
        }
    }

    @Test
    void unreachableServerExitsWithTwoAndOneLine() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Bot.Result result = Bot.start("--signaling", "ws://127.0.0.1:" + closedPort + "/ws?token=s3cr3t", "--room",
                "nobody", "--answer", "--join-timeout", "2").await();

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.errors.lines()).as("stderr: %s", result.errors).hasSize(1);
        assertThat(result.errors).startsWith("call-bot: cannot join room 'nobody' at ws://127.0.0.1:" + closedPort
                + "/ws?token=*** (is the signaling server running and reachable?)").doesNotContain("s3cr3t");
    }

    @Test
    void botAloneFailsBecauseNoCallHappened() throws Exception {
        Bot.Result result = Bot.start("--signaling", server.webSocketUri().toString(), "--room", "alone", "--answer",
                "--duration", "1").await();

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.output).contains("RESULT: FAIL no call was made or answered within 1 s");
    }

    /** {@code java -jar call-bot.jar ...} in a child process, its stdout and stderr collected. */
    private record Bot(Process process, CompletableFuture<String> output, CompletableFuture<String> errors) {

        static Bot start(String... args) throws IOException {
            assertThat(JAR).as("the shaded jar is built by the package phase").exists();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", JAR.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).start();
            return new Bot(process, drain(process.getInputStream()), drain(process.getErrorStream()));
        }

        private static CompletableFuture<String> drain(InputStream stream) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "unreadable: " + e;
                }
            });
        }

        Result await() throws Exception {
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String text = output.get(10, TimeUnit.SECONDS);
            String err = errors.get(10, TimeUnit.SECONDS);
            System.out.println(text + err);
            assertThat(finished).as("bot finished in time; output:%n%s%s", text, err).isTrue();
            return new Result(process.exitValue(), text, err);
        }

        record Result(int exitCode, String output, String errors) {
        }
    }
}
