package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.ClientConfig;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import dev.callwire.testing.FrameProbe;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Screen sharing in a 3-peer mesh: a peer on a real (virtual) display shares its screen; both others receive
 * it as a second video track of the screen's size, next to the camera, and see it stop. A peer without a
 * display is refused with a clear error.
 */
class ScreenShareIT {

    @Test
    void bothMeshPeersReceiveTheScreenAsASecondTrackAndSeeItStop() throws Exception {
        Map<String, FrameProbe> screens = new ConcurrentHashMap<>();
        Map<String, FrameProbe> cameras = new ConcurrentHashMap<>();
        List<String> events = new CopyOnWriteArrayList<>();
        try (Xvfb xvfb = Xvfb.start();
             EmbeddedSignaling server = EmbeddedSignaling.start(0);
             CallClient bob = viewer(server, "bob");
             CallClient carol = viewer(server, "carol")) {
            for (var entry : Map.of("bob", bob, "carol", carol).entrySet()) {
                String name = entry.getKey();
                entry.getValue().join("share", new RoomListener() {
                    @Override
                    public void onIncomingCall(Room room, CallSession call) {
                        FrameProbe camera = new FrameProbe();
                        cameras.put(name, camera);
                        call.remoteVideo().addRenderer(camera);
                        call.accept();
                    }

                    @Override
                    public void onScreenShareStarted(Room room, CallSession call) {
                        events.add(name + " started");
                        FrameProbe screen = new FrameProbe();
                        screens.put(name, screen);
                        call.remoteScreen().addRenderer(screen);
                    }

                    @Override
                    public void onScreenShareStopped(Room room, CallSession call) {
                        events.add(name + " stopped");
                    }
                }).toCompletableFuture().get(15, TimeUnit.SECONDS);
            }
            ProcessBuilder builder = new ProcessBuilder(SwingDemoIT.javaBinary(), "-cp",
                    System.getProperty("java.class.path"), ScreenSharer.class.getName(),
                    server.webSocketUri().toString(), "share", "2").redirectErrorStream(true);
            builder.environment().put("DISPLAY", xvfb.display());
            Process sharer = builder.start();
            SwingDemoIT.DriverOutput output = new SwingDemoIT.DriverOutput(sharer);
            try {
                assertThat(output.awaitLine("SHARER: sharing", 150)).as("sharer output:%n%s", output.text()).isTrue();
                String size = output.text().lines().filter(l -> l.startsWith("SHARER: sharing")).findFirst()
                        .orElseThrow().substring("SHARER: sharing ".length());
                int width = Integer.parseInt(size.split("x")[0]);
                int height = Integer.parseInt(size.split("x")[1]);

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(events).as("sharer output:%n%s", output.text()).contains("bob started", "carol started");
                    for (String viewer : List.of("bob", "carol")) {
                        FrameProbe screen = screens.get(viewer);
                        assertThat(screen.frames()).as(viewer + " screen frames").isGreaterThan(5);
                        assertThat(screen.width()).as(viewer + " screen width").isEqualTo(width);
                        assertThat(screen.height()).as(viewer + " screen height").isEqualTo(height);
                        assertThat(cameras.get(viewer).width()).as(viewer + " camera is separate").isEqualTo(320);
                    }
                });

                send(sharer, "stop");
                await().atMost(Duration.ofSeconds(20)).until(() -> events.containsAll(List.of("bob stopped",
                        "carol stopped")));
                long cameraFrames = cameras.get("bob").changedFrames();
                await("camera keeps flowing after the share stopped").atMost(Duration.ofSeconds(10))
                        .until(() -> cameras.get("bob").changedFrames() > cameraFrames + 5);
                send(sharer, "quit");
                assertThat(sharer.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                sharer.destroyForcibly();
            }
        }
    }

    @Test
    void aPeerWithoutADisplayIsRefusedClearly() throws Exception {
        try (EmbeddedSignaling server = EmbeddedSignaling.start(0)) {
            ProcessBuilder builder = new ProcessBuilder(SwingDemoIT.javaBinary(), "-Djava.awt.headless=true", "-cp",
                    System.getProperty("java.class.path"), ScreenSharer.class.getName(),
                    server.webSocketUri().toString(), "share", "0", "--no-display").redirectErrorStream(true);
            builder.environment().remove("DISPLAY");
            Process child = builder.start();
            SwingDemoIT.DriverOutput output = new SwingDemoIT.DriverOutput(child);
            try {
                assertThat(output.awaitLine("SHARER: refused", 60)).as("output:%n%s", output.text()).isTrue();
                assertThat(output.text()).contains("MEDIA_DEVICE").contains("no display");
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static CallClient viewer(EmbeddedSignaling server, String name) {
        return CallClient.create(ClientConfig.builder(server.webSocketUri()).displayName(name).headlessAudio(true)
                .media(MediaOptions.builder().video(VideoInput.testPattern()).audio(AudioInput.tone(440))
                        .resolution(320, 240).frameRate(15).build())
                .build());
    }

    private static void send(Process process, String command) throws java.io.IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
