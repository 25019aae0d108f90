package dev.callwire.samples.swing;

import dev.callwire.server.SignalingServer;
import java.io.UncheckedIOException;
import java.net.URI;

/** A signaling server inside the demo's own process, for when the user names none. */
final class EmbeddedSignaling implements AutoCloseable {

    /** The port a person can remember; an ephemeral one is used when it is taken. */
    static final int PREFERRED_PORT = 8080;

    private final SignalingServer server;

    private EmbeddedSignaling(SignalingServer server) {
        this.server = server;
    }

    /** Starts on 127.0.0.1:8080, or on an ephemeral port when 8080 is busy. */
    static EmbeddedSignaling startPreferringDefaultPort() {
        try {
            return start(PREFERRED_PORT);
        } catch (UncheckedIOException | IllegalStateException busy) {
            // Port taken (or not bindable here): any free port works just as well, the URL is shown.
            return start(0);
        }
    }

    /** Starts on 127.0.0.1 and {@code port} (0 = ephemeral). */
    static EmbeddedSignaling start(int port) {
        SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(port).build();
        server.start();
        return new EmbeddedSignaling(server);
    }

    URI webSocketUri() {
        return server.webSocketUri();
    }

    URI httpUri() {
        return server.httpUri();
    }

    @Override
    public void close() {
        server.close();
    }
}
