package dev.callwire.transport.websocket;

import dev.callwire.TransportOptions;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.spi.support.Redactor;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * Signaling over a raw WebSocket, for {@code ws:} and {@code wss:} URIs such as
 * {@code wss://signal.example.com/ws}: one protocol envelope per text frame.
 *
 * <p>Found by {@link java.util.ServiceLoader} when this artifact is on the class path. To customise the
 * HTTP client (proxy, TLS trust, interceptors), pass {@code new WebSocketTransportProvider(myClient)}
 * to {@code ClientConfig.Builder.transportPlugin}; each transport derives its own client from it, with a
 * dispatcher of its own that is shut down when the transport closes.
 *
 * <p>Transports reconnect with exponential backoff, re-send the room's {@code join} asking to keep their
 * peer id, and then flush messages queued while disconnected.
 */
public final class WebSocketTransportProvider implements SignalingTransportProvider {

    private static final Set<String> SCHEMES = Set.of("ws", "wss");
    /** Keeps idle signaling connections alive through NATs and notices a dead server. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(15);

    private final OkHttpClient configured;
    private volatile OkHttpClient shared;

    /** The provider {@link java.util.ServiceLoader} makes: a default OkHttp client, created on first use. */
    public WebSocketTransportProvider() {
        this.configured = null;
    }

    /** A provider whose transports start from {@code client}'s settings. */
    public WebSocketTransportProvider(OkHttpClient client) {
        this.configured = Objects.requireNonNull(client, "client");
    }

    @Override
    public String name() {
        return "WebSocket (OkHttp)";
    }

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public SignalingTransport create(URI uri, TransportOptions options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("the WebSocket transport handles ws: and wss: URIs, not " + uri.getScheme()
                    + ":");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("WebSocket signaling URI needs a host, e.g. ws://127.0.0.1:8080/ws; got "
                    + Redactor.redact(uri));
        }
        return new WebSocketTransport(uri, options, baseClient());
    }

    private OkHttpClient baseClient() {
        if (configured != null) {
            return configured;
        }
        OkHttpClient client = shared;
        if (client == null) {
            synchronized (this) {
                client = shared;
                if (client == null) {
                    client = new OkHttpClient.Builder().pingInterval(PING_INTERVAL).build();
                    shared = client;
                }
            }
        }
        return client;
    }

    @Override
    public String toString() {
        return name() + " " + SCHEMES;
    }
}
