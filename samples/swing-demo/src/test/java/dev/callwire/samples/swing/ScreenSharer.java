package dev.callwire.samples.swing;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallwireException;
import dev.callwire.ClientConfig;
import dev.callwire.Room;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.ScreenShare;
import dev.callwire.media.VideoInput;
import java.awt.GraphicsEnvironment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The sharing peer of {@link ScreenShareIT}, run in a child JVM so that it, and only it, has a display.
 * Joins, calls everyone present, shares its screen, and follows commands on stdin ("stop", "quit").
 * Reports progress as {@code SHARER: ...} lines; with {@code --no-display} it only tries to share and
 * reports the error.
 */
public final class ScreenSharer {

    private ScreenSharer() {
    }

    public static void main(String[] args) throws Exception {
        URI signaling = URI.create(args[0]);
        String roomName = args[1];
        int expectedPeers = Integer.parseInt(args[2]);
        boolean noDisplay = args.length > 3 && args[3].equals("--no-display");
        ClientConfig config = ClientConfig.builder(signaling).displayName("sharer").headlessAudio(true)
                .media(MediaOptions.builder().video(VideoInput.testPattern()).audio(AudioInput.tone(500))
                        .resolution(320, 240).frameRate(15).build())
                .build();
        try (CallClient client = CallClient.create(config)) {
            if (noDisplay) {
                try {
                    client.startScreenShare(ScreenShare.screen(0)).toCompletableFuture().get(45, TimeUnit.SECONDS);
                    System.out.println("SHARER: FAIL sharing started without a display");
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof CallwireException refused) {
                        System.out.println("SHARER: refused " + refused.reason() + " " + refused.getMessage());
                    } else {
                        System.out.println("SHARER: FAIL " + e.getCause());
                    }
                }
                return;
            }
            Room room = client.join(roomName, null).toCompletableFuture().get(45, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(45))
                    .until(() -> room.peers().size() >= expectedPeers);
            for (CallSession call : room.callEveryone().toCompletableFuture().get(45, TimeUnit.SECONDS)) {
                call.connected().toCompletableFuture().get(45, TimeUnit.SECONDS);
            }
            var bounds = GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice()
                    .getDefaultConfiguration().getBounds();
            client.startScreenShare(ScreenShare.screen(0)).toCompletableFuture().get(45, TimeUnit.SECONDS);
            System.out.println("SHARER: sharing " + (bounds.width & ~1) + "x" + (bounds.height & ~1));
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.equals("stop")) {
                    client.stopScreenShare().toCompletableFuture().get(45, TimeUnit.SECONDS);
                    System.out.println("SHARER: stopped");
                } else if (line.equals("quit")) {
                    break;
                }
            }
        } catch (Exception e) {
            System.out.println("SHARER: FAIL " + e);
        }
    }
}
