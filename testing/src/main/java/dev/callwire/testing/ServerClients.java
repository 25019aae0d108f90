package dev.callwire.testing;

import dev.callwire.CallClient;
import dev.callwire.ClientConfig;
import dev.callwire.TransportOptions;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * SDK clients pointed at a real server or broker (test pattern 320x240@15 and a tone, as in
 * {@link TestClients}), reconnecting quickly, closed together.
 */
public final class ServerClients implements AutoCloseable {

    /** Quick reconnection, so a restart test does not wait for long backoffs. */
    public static final TransportOptions TRANSPORT = TransportOptions.builder()
            .reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1))
            .build();

    private final List<CallClient> clients = new ArrayList<>();

    /**
     * The configuration every client here starts from.
     *
     * @param name      the display name
     * @param signaling the server's URI
     * @return a builder with headless audio, {@link #TRANSPORT} and the test media
     */
    public static ClientConfig.Builder config(String name, URI signaling) {
        return ClientConfig.builder(signaling)
                .displayName(name)
                .headlessAudio(true)
                .transportOptions(TRANSPORT)
                .media(MediaOptions.builder()
                        .video(VideoInput.testPattern())
                        .audio(AudioInput.tone(440))
                        .resolution(TestClients.WIDTH, TestClients.HEIGHT)
                        .frameRate(15)
                        .build());
    }

    /**
     * A new client that signals through {@code signaling}; closed by {@link #close()}.
     *
     * @param name      the display name
     * @param signaling the server's URI
     * @return the client
     */
    public CallClient client(String name, URI signaling) {
        return client(name, signaling, UnaryOperator.identity());
    }

    /**
     * A new client with a changed configuration; closed by {@link #close()}.
     *
     * @param name      the display name
     * @param signaling the server's URI
     * @param customize changes to {@link #config(String, URI)}, e.g. other transport options
     * @return the client
     */
    public CallClient client(String name, URI signaling, UnaryOperator<ClientConfig.Builder> customize) {
        CallClient client = CallClient.create(customize.apply(config(name, signaling)).build());
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(CallClient::close);
    }
}
