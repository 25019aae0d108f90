package dev.callwire.spi;

import dev.callwire.TransportOptions;
import dev.callwire.TransportPlugin;
import java.net.URI;

/**
 * Makes {@link SignalingTransport}s for the URI schemes it claims. Found with {@link java.util.ServiceLoader}:
 * a plugin lists its implementation in {@code META-INF/services/dev.callwire.spi.SignalingTransportProvider}.
 *
 * <p>An implementation has a public no-argument constructor that does no I/O, and is thread-safe. Its
 * {@link #name()} and {@link #schemes()} come from {@link TransportPlugin}, the half a host application sees.
 */
public interface SignalingTransportProvider extends TransportPlugin {

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
