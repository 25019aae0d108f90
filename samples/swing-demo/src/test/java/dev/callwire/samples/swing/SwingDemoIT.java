package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.ClientConfig;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The demo as a person uses it, on a virtual display: the window (in a child JVM with DISPLAY set to an Xvfb
 * started here) clicks Start, picks the other peer and clicks Call; the other peer is a headless client in
 * this JVM that answers automatically. Passes when the remote video on screen is lit and moving, both sides
 * decoded video, and Hang Up ends the call on both sides. Then the other peer calls the window, which
 * accepts through its incoming-call prompt, shows the video, and removes it when the other side hangs up.
 */
class SwingDemoIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Test
    void callFromTheWindowShowsMovingRemoteVideoAndHangsUp() throws Exception {
        try (Xvfb xvfb = Xvfb.start();
             EmbeddedSignaling server = EmbeddedSignaling.start(0);
             CallClient peer = CallClient.create(ClientConfig.builder(server.webSocketUri())
                     .displayName("auto-answer")
                     .headlessAudio(true)
                     .media(MediaOptions.builder().video(VideoInput.testPattern()).audio(AudioInput.tone(660))
                             .resolution(320, 240).frameRate(15).build())
                     .build())) {
            AtomicLong peerDecoded = new AtomicLong();
            CompletableFuture<CallSession> answered = new CompletableFuture<>();
            Room room = peer.join("swing-it", new RoomListener() {
                @Override
                public void onIncomingCall(Room r, CallSession call) {
                    call.remoteVideo().addRenderer(frame -> peerDecoded.incrementAndGet());
                    call.accept();
                    answered.complete(call);
                }
            }).toCompletableFuture().get(15, TimeUnit.SECONDS);

            Files.createDirectories(SCREENSHOTS);
            List<String> command = new ArrayList<>(List.of(javaBinary(), testPrefs(), "-cp",
                    System.getProperty("java.class.path"), SwingDemoDriver.class.getName(), server.webSocketUri().toString(), "swing-it", room.selfId(),
                    SCREENSHOTS.toAbsolutePath().toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DISPLAY", xvfb.display());
            Process driver = builder.start();
            DriverOutput output = new DriverOutput(driver);

            // Second half of the script: once the window hung up, this peer calls it and hangs up itself.
            assertThat(output.awaitLine("DRIVER: waiting for an incoming call", 120))
                    .as("driver reached the incoming-call step; output:%n%s", output.text()).isTrue();
            AtomicLong secondDecoded = new AtomicLong();
            CallSession second = room.call(room.peers().get(0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            second.remoteVideo().addRenderer(frame -> secondDecoded.incrementAndGet());
            second.connected().toCompletableFuture().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> secondDecoded.get() > 10);
            assertThat(output.awaitLine("DRIVER: answered call shows video", 30))
                    .as("the window shows the answered call; output:%n%s", output.text()).isTrue();
            second.hangUp();

            boolean finished = driver.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                driver.destroyForcibly();
            }
            String log = output.text();
            System.out.println(log);
            assertThat(finished).as("driver finished in time; output:%n%s", log).isTrue();
            assertThat(driver.exitValue()).as("driver exit code; output:%n%s", log).isZero();
            assertThat(log).contains("DRIVER: PASS");

            CallSession call = answered.get(1, TimeUnit.SECONDS);
            assertThat(call.ended().toCompletableFuture().get(15, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
            assertThat(peerDecoded.get()).as("the other peer decoded the demo's video").isGreaterThan(10);
            assertThat(second.ended().toCompletableFuture().get(15, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);

            File screenshot = SCREENSHOTS.resolve("swing-demo-call.png").toFile();
            BufferedImage image = ImageIO.read(screenshot);
            assertThat(image).as("screenshot %s is a readable PNG", screenshot).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(600);
            assertThat(SwingDemoDriver.litFraction(ImageIO.read(SCREENSHOTS.resolve("remote-video-2.png").toFile())))
                    .as("saved remote video capture is lit").isGreaterThan(0.2);
            await().atMost(Duration.ofSeconds(5)).until(() -> room.calls().isEmpty());
        }
    }

    /** Collects a child's output line by line, so the test can wait for a given line. */
    static final class DriverOutput {
        private final StringBuffer text = new StringBuffer();

        DriverOutput(Process process) {
            Thread reader = new Thread(() -> {
                try (java.io.BufferedReader in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(process.getInputStream()))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        text.append(line).append(System.lineSeparator());
                    }
                } catch (java.io.IOException e) {
                    text.append("output unreadable: ").append(e);
                }
            }, "driver-output");
            reader.setDaemon(true);
            reader.start();
        }

        boolean awaitLine(String prefix, int seconds) {
            try {
                await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(100))
                        .until(() -> text().lines().anyMatch(l -> l.startsWith(prefix)) || text().contains("DRIVER: FAIL"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                return false;
            }
            return text().lines().anyMatch(l -> l.startsWith(prefix));
        }

        String text() {
            return text.toString();
        }
    }

    /** A preferences node of this run's own, so tests neither read nor change what a person's demo remembers. */
    static String testPrefs() {
        return "-D" + DemoPrefs.NODE_PROPERTY + "=/dev/callwire/samples/swing/test-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime();
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
