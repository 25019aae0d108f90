package dev.callwire;

import dev.callwire.media.MediaRenderer;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * README's quick start, compiled: {@link ReadmeQuickStartTest} checks that the README shows exactly the lines
 * between the markers, so the README cannot drift from an API that compiles.
 */
final class ReadmeQuickStart {

    private ReadmeQuickStart() {
    }

    static void run(MediaRenderer remotePanel) throws Exception {
        // README quick start begins
        ClientConfig config = ClientConfig.builder(URI.create("ws://127.0.0.1:8080/ws")).displayName("Front desk").build();
        try (CallClient client = CallClient.create(config)) {            // finds the engine via ServiceLoader
            Room room = client.join("lobby", new RoomListener() {
                @Override public void onIncomingCall(Room r, CallSession call) {
                    call.remoteVideo().addRenderer(remotePanel);          // any MediaRenderer, e.g. a Swing panel
                    call.accept();                                        // or call.decline()
                }
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);            // SDK calls return CompletionStages
            CallSession call = room.call(room.peers().get(0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            call.remoteVideo().addRenderer(remotePanel);
            call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
            call.setAudioMuted(true);                                     // setVideoMuted likewise
            call.stats().thenAccept(System.out::println);                 // bitrate, fps, resolution, RTT, loss
            call.hangUp();                                                // both sides end with HANGUP
        }
        // README quick start ends
    }
}
