package dev.callwire.spi;

import dev.callwire.TransportOptions;
import java.net.URI;
import java.util.Set;

/**
 * Makes {@link SignalingTransport}s for the URI schemes it claims. Found with {@link java.util.ServiceLoader}:
 * a plugin lists its implementation in {@code META-INF/services/dev.callwire.spi.SignalingTransportProvider}.
 *
 * <p>An implementation has a public no-argument constructor that does no I/O, and is thread-safe.
 */
public interface SignalingTransportProvider {

    /**
     * A human name for logs and error messages.
     *
     * @return the name, e.g. {@code "WebSocket (OkHttp)"}; never {@code null}
     */
    String name();

    /**
     * The URI schemes this provider handles. Two providers claiming one scheme make
     * {@link SignalingTransports#forUri} fail for it.
     *
     * @return lower-case schemes, e.g. {@code ws} and {@code wss}; never {@code null} or empty, the same on every call
     */
    Set<String> schemes();

    /**
     * Makes a transport for {@code uri}. It does not connect until {@link SignalingTransport#start} is
     * called, and does no I/O before. Called by the SDK on its engine thread, once per room joined.
     *
     * @param uri     the signaling URI, with one of {@link #schemes()}; never {@code null}
     * @param options timeouts, backoff and queue bound to honour; never {@code null}
     * @return a new, unstarted transport, never {@code null}
     * @throws IllegalArgumentException if the URI is not usable by this provider (the message says why)
     */
    SignalingTransport create(URI uri, TransportOptions options);
}
