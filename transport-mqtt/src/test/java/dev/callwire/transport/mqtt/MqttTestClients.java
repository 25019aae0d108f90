package dev.callwire.transport.mqtt;

import dev.callwire.CallClient;
import dev.callwire.ClientConfig;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import dev.callwire.spi.TransportOptions;
import dev.callwire.testing.TestClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients that signal over MQTT, configured like {@link TestClients} (test pattern 320x240 at 15 fps, a tone,
 * headless audio), closed together.
 */
final class MqttTestClients implements AutoCloseable {

    private final List<CallClient> clients = new ArrayList<>();

    static ClientConfig.Builder config(URI signaling, String name) {
        return ClientConfig.builder(signaling)
                .displayName(name)
                .headlessAudio(true)
                .transportOptions(TransportOptions.builder()
                        .reconnectDelays(Duration.ofMillis(200), Duration.ofSeconds(1))
                        .build())
                .media(MediaOptions.builder()
                        .video(VideoInput.testPattern())
                        .audio(AudioInput.tone(440))
                        .resolution(TestClients.WIDTH, TestClients.HEIGHT)
                        .frameRate(15)
                        .build());
    }

    CallClient client(URI signaling, String name) {
        CallClient client = CallClient.create(config(signaling, name).build());
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(CallClient::close);
    }
}
