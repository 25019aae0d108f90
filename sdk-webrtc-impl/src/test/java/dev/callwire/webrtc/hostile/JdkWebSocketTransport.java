package dev.callwire.webrtc.hostile;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.protocol.Message;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** A plain (non-reconnecting) raw-WebSocket transport for the SDK clients of these tests; see {@link JdkWebSocket}. */
final class JdkWebSocketTransport implements SignalingTransport {

    static final SignalingTransportProvider PROVIDER = new SignalingTransportProvider() {
        @Override
        public String name() {
            return "JDK WebSocket (test)";
        }

        @Override
        public Set<String> schemes() {
            return Set.of("ws");
        }

        @Override
        public SignalingTransport create(URI uri, TransportOptions options) {
            return new JdkWebSocketTransport(uri);
        }
    };

    private final URI uri;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile JdkWebSocket socket;
    private volatile Listener listener;

    private JdkWebSocketTransport(URI uri) {
        this.uri = uri;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        socket = new JdkWebSocket(uri, listener::onMessage, this::ended);
        socket.opened().thenRun(() -> {
            state = ConnectionState.CONNECTED;
            listener.onStateChanged(ConnectionState.CONNECTED, null);
        });
    }

    @Override
    public boolean send(Message message) {
        if (state == ConnectionState.CLOSED) {
            return false;
        }
        socket.send(message);
        return true;
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            state = ConnectionState.CLOSED;
            if (socket != null) {
                socket.close();
            }
        }
    }

    private void ended(Throwable cause) {
        if (closed.compareAndSet(false, true)) {
            state = ConnectionState.CLOSED;
            listener.onStateChanged(ConnectionState.CLOSED, cause);
        }
    }
}
