package dev.callwire.samples.tcp;

import dev.callwire.TransportOptions;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An example transport plugin: signaling over plain TCP for {@code tcpline://host:port} URIs, one JSON
 * envelope per {@code \n}-terminated UTF-8 line. The Callwire signaling server speaks it when started with
 * {@code --tcp-line-port} (or {@code SignalingServer.builder().tcpLinePort(port)}).
 *
 * <p>Found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.callwire.spi.SignalingTransportProvider}. The no-argument constructor does no
 * I/O; {@link #create} only checks the URI; the transport connects when the SDK starts it.
 */
public final class TcpLineTransportProvider implements SignalingTransportProvider {

    /** The URI scheme this plugin handles. */
    public static final String SCHEME = "tcpline";

    /** Makes the provider; does no I/O. */
    public TcpLineTransportProvider() {
    }

    @Override
    public String name() {
        return "TCP lines (example plugin)";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException unless {@code uri} is {@code tcpline://host:port} with nothing else
     */
    @Override
    public SignalingTransport create(URI uri, TransportOptions options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        if (uri.getScheme() == null || !SCHEME.equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the TCP line transport handles tcpline: URIs, not " + uri.getScheme()
                    + ":");
        }
        if (uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException("a TCP line URI needs a host and a port, e.g. tcpline://127.0.0.1:7070");
        }
        if (uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a TCP line URI is tcpline://host:port with nothing else, got "
                    + SCHEME + "://" + uri.getHost() + ":" + uri.getPort() + "...");
        }
        return new TcpLineTransport(uri.getHost(), uri.getPort(), options);
    }

    @Override
    public String toString() {
        return name() + " [" + SCHEME + "]";
    }
}
