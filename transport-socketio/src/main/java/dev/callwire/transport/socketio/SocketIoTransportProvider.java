package dev.callwire.transport.socketio;

import dev.callwire.TransportOptions;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * Signaling over socket.io (protocol v4), for {@code socketio+http:} and {@code socketio+https:} URIs such as
 * {@code socketio+https://signal.example.com}: every envelope is the single argument of a {@code signal}
 * event, in both directions.
 *
 * <p>The part after {@code socketio+} is the server's HTTP URL; its path, if any, is the socket.io namespace.
 * Query parameters {@code path} (engine.io path, default {@code /socket.io/}) and {@code transports}
 * ({@code websocket} by default; {@code polling,websocket} for HTTP long-polling first) tune the connection.
 *
 * <p>Found by {@link java.util.ServiceLoader} when this artifact is on the class path. To customise the HTTP
 * client (proxy, TLS trust), pass {@code new SocketIoTransportProvider(myClient)} to
 * {@code ClientConfig.Builder.transportPlugin}. Reconnection is the transport's own (the socket.io client's
 * is switched off) so that it can re-join the room, keep its peer id and flush its queue in that order.
 */
public final class SocketIoTransportProvider implements SignalingTransportProvider {

    private static final Set<String> SCHEMES = Set.of("socketio+http", "socketio+https");

    private final OkHttpClient configured;
    private volatile OkHttpClient shared;

    /** The provider {@link java.util.ServiceLoader} makes: a default OkHttp client, created on first use. */
    public SocketIoTransportProvider() {
        this.configured = null;
    }

    /** A provider whose transports start from {@code client}'s settings. */
    public SocketIoTransportProvider(OkHttpClient client) {
        this.configured = Objects.requireNonNull(client, "client");
    }

    @Override
    public String name() {
        return "socket.io (socket.io-client-java)";
    }

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public SignalingTransport create(URI uri, TransportOptions options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        return new SocketIoTransport(SocketIoEndpoint.parse(uri), options, baseClient());
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
                    client = new OkHttpClient();
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
