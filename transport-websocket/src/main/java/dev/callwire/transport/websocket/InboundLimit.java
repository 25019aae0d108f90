package dev.callwire.transport.websocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a bound on what one inbound WebSocket message may take, in an OkHttp client that has none: every socket
 * the client opens reads through a {@link FrameLimitingInputStream} (above TLS for {@code wss://}), which fails the
 * connection with an {@link InboundLimitExceededException} as soon as a frame header announces more than the
 * limit. For that to hold, the client also
 * <ul>
 *   <li>never offers {@code permessage-deflate} (a small compressed frame can inflate to megabytes inside
 *       OkHttp), and</li>
 *   <li>keeps no idle connections, so every connection carries exactly one handshake and then frames.</li>
 * </ul>
 * Public only so that the socket.io transport, whose engine runs on OkHttp web sockets too, can use it; not meant
 * for applications.
 */
public final class InboundLimit {

    private static final Logger LOG = LoggerFactory.getLogger(InboundLimit.class);
    private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    private InboundLimit() {
    }

    /**
     * Adds the bound to {@code builder}, a client derived from {@code base}.
     *
     * @param base    the client whose socket factories are wrapped
     * @param builder a builder derived from {@code base}
     * @param limit   the most data bytes one message may have
     * @param secure  whether the client will connect with TLS; when not, the TLS factory is left alone (setting
     *                it again rebuilds OkHttp's certificate chain cleaner, which is slow on a busy machine)
     * @return {@code builder}
     */
    public static OkHttpClient.Builder apply(OkHttpClient base, OkHttpClient.Builder builder, long limit,
                                             boolean secure) {
        builder.socketFactory(new PlainFactory(base.socketFactory(), limit));
        X509TrustManager trust = base.x509TrustManager();
        SSLSocketFactory tls = null;
        try {
            tls = secure ? base.sslSocketFactory() : null;
        } catch (IllegalStateException cleartextOnly) {
            // no TLS at all in this client: nothing to wrap
        }
        if (tls != null && trust != null) {
            builder.sslSocketFactory(new TlsFactory(tls, limit), trust);
        } else if (tls != null) {
            LOG.warn("the OkHttp client was given an SSLSocketFactory without its trust manager: inbound wss:// "
                    + "messages are not bounded; pass both to OkHttpClient.Builder.sslSocketFactory");
        }
        return builder
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().removeHeader(EXTENSIONS).build()));
    }

    /** Plain sockets, each wrapped. */
    private static final class PlainFactory extends SocketFactory {
        private final SocketFactory delegate;
        private final long limit;

        PlainFactory(SocketFactory delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public Socket createSocket() throws IOException {
            return new LimitedSocket(delegate.createSocket(), limit);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return new LimitedSocket(delegate.createSocket(host, port), limit);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return new LimitedSocket(delegate.createSocket(host, port, localHost, localPort), limit);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return new LimitedSocket(delegate.createSocket(host, port), limit);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return new LimitedSocket(delegate.createSocket(address, port, localAddress, localPort), limit);
        }
    }

    /**
     * TLS sockets layered over a plain one, each wrapped. The plain socket underneath is unwrapped first: below
     * TLS the bytes are records, not frames.
     */
    private static final class TlsFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final long limit;

        TlsFactory(SSLSocketFactory delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        private Socket wrap(Socket socket) {
            return socket instanceof SSLSocket ssl ? new LimitedSslSocket(ssl, limit) : socket;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            Socket raw = s instanceof LimitedSocket limited ? limited.delegate() : s;
            return wrap(delegate.createSocket(raw, host, port, autoClose));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return wrap(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return wrap(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return wrap(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return wrap(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return wrap(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
