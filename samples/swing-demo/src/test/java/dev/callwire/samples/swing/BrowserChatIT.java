package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.ClientConfig;
import dev.callwire.DataMessage;
import dev.callwire.EndReason;
import dev.callwire.ReceivedFile;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser client ({@code static/*.js} of the signaling server) in headless Debian Chromium against the Java SDK:
 * the page calls the Java peer, they chat both ways over the {@code callwire-data} channel, and each sends the
 * other a file over {@code callwire-files} (asked, accepted, SHA-256 verified), as {@code docs/protocol.md}
 * describes. Needs node, npm and {@code /usr/bin/chromium}; fails naming what is missing.
 */
class BrowserChatIT {

    private static final Path BROWSER_DIR = Path.of("src", "test", "browser");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void chromiumAndTheJavaSdkChatAndSendFilesBothWays(@TempDir Path temp) throws Exception {
        String node = onPath("node", "BrowserChatIT runs its Chromium driver with node");
        String npm = onPath("npm", "BrowserChatIT installs playwright-core with 'npm ci'");
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: install the Debian package 'chromium'; this test never downloads a browser");
        }
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules").resolve("playwright-core"))) {
            Process install = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund").directory(BROWSER_DIR.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(180, TimeUnit.SECONDS) && install.exitValue() == 0).as("npm ci: %s", out).isTrue();
        }
        Path fromBrowser = temp.resolve("from-browser.bin");
        byte[] browserBytes = new byte[150 * 1024 + 77];
        new Random(3).nextBytes(browserBytes);
        Files.write(fromBrowser, browserBytes);
        Path fromJava = temp.resolve("java").resolve("from-java.txt");
        Files.createDirectories(fromJava.getParent());
        String javaText = "Greetings from the Java SDK.\n".repeat(3000); // ~84 KiB: several 16 KiB chunks
        Files.writeString(fromJava, javaText);

        List<String> heard = new CopyOnWriteArrayList<>();
        List<ReceivedFile> received = new CopyOnWriteArrayList<>();
        CompletableFuture<String> javaSent = new CompletableFuture<>();
        CompletableFuture<CallSession> answered = new CompletableFuture<>();
        try (EmbeddedSignaling server = EmbeddedSignaling.start(0);
             CallClient java = CallClient.create(ClientConfig.builder(server.webSocketUri()).displayName("javapeer")
                     .headlessAudio(true)
                     .media(MediaOptions.builder().video(VideoInput.testPattern()).audio(AudioInput.tone(440))
                             .resolution(320, 240).frameRate(15).build())
                     .build())) {
            java.join("browser-chat", new RoomListener() {
                @Override
                public void onIncomingCall(Room r, CallSession call) {
                    call.accept();
                    answered.complete(call);
                }

                @Override
                public void onDataMessage(Room r, CallSession call, DataMessage message) {
                    String text = message instanceof DataMessage.Text t ? t.text() : "binary " + message.size();
                    heard.add(text);
                    if (text.equals("all done")) {
                        call.hangUp();
                    } else {
                        call.data().send("java got: " + text);
                    }
                }

                @Override
                public void onFileReceived(Room r, CallSession call, ReceivedFile file) {
                    received.add(file);
                    call.data().sendFile(fromJava).whenComplete((id, error) -> {
                        if (error != null) {
                            javaSent.completeExceptionally(error);
                        } else {
                            javaSent.complete(id);
                        }
                    });
                }
            }).toCompletableFuture().get(45, TimeUnit.SECONDS); // generous: CI machines can be loaded

            Path screenshot = Path.of("target", "screenshots", "browser-chat.png").toAbsolutePath();
            String url = server.httpUri().resolve("/?room=browser-chat&name=chromium&autostart=1").toString();
            Process driver = new ProcessBuilder(node, "chat-driver.mjs", "--url", url, "--peer-name", "javapeer",
                    "--file", fromBrowser.toAbsolutePath().toString(), "--expect-file", "from-java.txt",
                    "--screenshot", screenshot.toString()).directory(BROWSER_DIR.toFile())
                    .redirectError(Path.of("target", "browser-chat-console.log").toFile()) // the page's console
                    .start();
            SwingDemoIT.DriverOutput output = new SwingDemoIT.DriverOutput(driver);
            boolean finished = driver.waitFor(150, TimeUnit.SECONDS);
            if (!finished) {
                driver.destroyForcibly();
            }
            String log = output.text();
            System.out.println(log);
            assertThat(finished).as("driver finished; output:%n%s", log).isTrue();
            String resultLine = log.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseGet(() -> fail("no RESULT line; output:%n%s", log));
            JsonNode result = JSON.readTree(resultLine.substring("RESULT ".length()));
            assertThat(result.path("ok").asBoolean()).as("driver result; output:%n%s", log).isTrue();
            assertThat(driver.exitValue()).isZero();

            // Chat both ways.
            assertThat(heard).contains("hello from chromium", "all done");
            assertThat(result.path("answer").asText()).isEqualTo("java got: hello from chromium");
            assertThat(result.path("chatLog").asText()).contains("javapeer: java got: hello from chromium");
            // Browser -> Java: the SDK verified size and SHA-256 and has the same bytes.
            assertThat(received).hasSize(1);
            assertThat(received.get(0).name()).isEqualTo("from-browser.bin");
            assertThat(Files.readAllBytes(received.get(0).path())).isEqualTo(browserBytes);
            assertThat(result.path("sent").path("state").asText()).isEqualTo("verified");
            // Java -> browser: the page accepted, verified, and holds the same text; the SDK got the ack.
            assertThat(javaSent.get(10, TimeUnit.SECONDS)).isNotBlank();
            assertThat(result.path("received").path("contentLength").asInt()).isEqualTo(javaText.length());
            assertThat(result.path("received").path("contentSha256").asText()).isEqualTo(DesktopDriver.sha256(fromJava));
            assertThat(result.path("received").path("sha256").asText()).isEqualTo(DesktopDriver.sha256(fromJava));
            assertThat(result.path("received").path("status").asText()).startsWith("✔ verified");
            assertThat(answered.get(1, TimeUnit.SECONDS).ended().toCompletableFuture().get(15, TimeUnit.SECONDS))
                    .isEqualTo(EndReason.HANGUP);
            assertThat(result.path("endReason").asText()).isEqualTo("hangup");
        }
    }

    private static String onPath(String tool, String why) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(tool + " is missing from PATH: install the Debian package '" + (tool.equals("node") ? "nodejs" : tool)
                + "' (" + why + ")");
    }
}
