package dev.callwire.spi;

import java.net.URI;
import java.util.Set;

/**
 * Makes {@link SignalingTransport}s for the URI schemes it claims. Found with {@link java.util.ServiceLoader}:
 * a plugin lists its implementation in {@code META-INF/services/dev.callwire.spi.SignalingTransportProvider}.
 *
 * <p>An implementation has a public no-argument constructor that does no I/O, and is thread-safe.
 */
public interface SignalingTransportProvider {

    /** A human name for logs and error messages, e.g. {@code "WebSocket (OkHttp)"}. */
    String name();

    /** The lower-case URI schemes this provider handles, e.g. {@code ws} and {@code wss}. */
    Set<String> schemes();

    /**
     * Makes a transport for {@code uri}. It does not connect until {@link SignalingTransport#start} is called.
     *
     * @throws IllegalArgumentException if the URI is not usable by this provider (the message says why)
     */
    SignalingTransport create(URI uri, TransportOptions options);
}
