package dev.callwire.transport.websocket;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.Welcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A stand-in signaling server on a real local port (OkHttp's MockWebServer): accepts web sockets at any path,
 * records every frame, answers {@code join} with {@code welcome} (giving back the id asked to resume), and can
 * refuse handshakes, drop connections and restart on the same port.
 */
final class FakeSignalingServer implements AutoCloseable {

    final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private MockWebServer server;
    private int port;
    /** HTTP status to refuse handshakes with; 0 accepts them. */
    volatile int refuseWith;

    FakeSignalingServer start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.incrementAndGet();
                int refuse = refuseWith;
                if (refuse != 0) {
                    return new MockResponse().setResponseCode(refuse);
                }
                Connection connection = new Connection();
                connections.add(connection);
                return new MockResponse().withWebSocketUpgrade(connection);
            }
        });
        if (port == 0) {
            // A fixed port from the start: MockWebServer sets SO_REUSEADDR only for those, and restarts need it.
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = probe.getLocalPort();
            }
        }
        server.start(InetAddress.getByName("127.0.0.1"), port);
        port = server.getPort();
        return this;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** Stops listening and drops every connection, as a crashing server would. */
    void stop() throws IOException {
        server.shutdown();
        // MockWebServer lets upgraded sockets live on; a stopping server would not. (Server-side sockets of
        // MockWebServer cannot be cancelled, so they are closed.)
        for (Connection connection : connections) {
            if (connection.socket != null && connection.open) {
                connection.socket.close(1001, "server going away");
            }
        }
    }

    /** Stops, then listens again on the same port. */
    void restart() throws IOException {
        stop();
        // The old listening socket may take a moment to let go of the port.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreException(
                java.net.BindException.class).until(() -> {
                    start();
                    return true;
                });
    }

    /** Handshakes seen by this server, accepted or refused, across restarts. */
    int requestCount() {
        return requests.get();
    }

    Connection connection(int index) {
        return connections.get(index);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    /** The server end of one web socket. */
    final class Connection extends WebSocketListener {
        volatile WebSocket socket;
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile int closeCode = -1;
        volatile boolean open;

        List<Message> messages() {
            return frames.stream().map(ProtocolCodec::decode).toList();
        }

        void send(Message message) {
            socket.send(ProtocolCodec.encode(message));
        }

        void sendRaw(String text) {
            socket.send(text);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            socket = webSocket;
            open = true;
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            frames.add(text);
            Message message = ProtocolCodec.decode(text);
            if (message instanceof Join join) {
                String self = join.resume() != null ? join.resume() : "p" + ids.incrementAndGet();
                webSocket.send(ProtocolCodec.encode(new Welcome(join.room(), self, List.of(), List.of())));
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            closeCode = code;
            webSocket.close(1000, null);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            open = false;
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            open = false;
        }
    }
}
