package dev.callwire.transport.socketio;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.Welcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
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
import org.awaitility.Awaitility;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A minimal socket.io v4 server (engine.io v4 over WebSocket only, default namespace) on a real local port,
 * enough to test the transport's own behaviour: it records the {@code signal} events it receives, answers
 * {@code join} with {@code welcome} (giving back the id asked to resume), and can refuse handshakes, drop
 * connections and restart on the same port.
 */
final class FakeSocketIoServer implements AutoCloseable {

    final List<Connection> connections = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger peers = new AtomicInteger();
    private MockWebServer server;
    private int port;
    volatile int refuseWith;

    FakeSocketIoServer start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                paths.add(request.getPath());
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
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = probe.getLocalPort();
            }
        }
        server.start(InetAddress.getByName("127.0.0.1"), port);
        return this;
    }

    URI uri() {
        return URI.create("socketio+http://127.0.0.1:" + port);
    }

    void stop() throws IOException {
        server.shutdown();
        for (Connection connection : connections) {
            if (connection.socket != null && connection.open) {
                connection.socket.close(1001, "server going away");
            }
        }
    }

    void restart() throws IOException {
        stop();
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreException(java.net.BindException.class).until(() -> {
            start();
            return true;
        });
    }

    Connection connection(int index) {
        return connections.get(index);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    /** The server end of one engine.io connection. */
    final class Connection extends WebSocketListener {
        volatile WebSocket socket;
        volatile boolean open;
        /** Envelopes received as {@code signal} events, as JSON text. */
        final List<String> signals = new CopyOnWriteArrayList<>();
        /** Every socket.io packet received, e.g. {@code 40} (connect) and {@code 41} (disconnect). */
        final List<String> packets = new CopyOnWriteArrayList<>();

        List<Message> messages() {
            return signals.stream().map(ProtocolCodec::decode).toList();
        }

        /** Emits {@code signal} with these raw arguments. */
        void emit(Object... args) {
            JSONArray packet = new JSONArray().put(SocketIoTransport.EVENT);
            for (Object arg : args) {
                packet.put(arg);
            }
            socket.send("42" + packet);
        }

        void send(Message message) {
            emit(new JSONObject(ProtocolCodec.encode(message)));
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            socket = webSocket;
            open = true;
            webSocket.send("0{\"sid\":\"e" + ids.incrementAndGet() + "\",\"upgrades\":[],\"pingInterval\":25000,"
                    + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            if (text.equals("3")) {
                return; // pong
            }
            if (!text.startsWith("4")) {
                return;
            }
            String packet = text.substring(1);
            packets.add(packet);
            if (packet.startsWith("0")) {
                webSocket.send("40{\"sid\":\"s" + ids.incrementAndGet() + "\"}");
            } else if (packet.startsWith("2")) {
                JSONArray event = new JSONArray(packet.substring(1));
                if (!event.getString(0).equals(SocketIoTransport.EVENT)) {
                    return;
                }
                String json = event.get(1).toString();
                signals.add(json);
                Message message = ProtocolCodec.decode(json);
                if (message instanceof Join join) {
                    String self = join.resume() != null ? join.resume() : "p" + peers.incrementAndGet();
                    send(new Welcome(join.room(), self, List.of(), List.of()));
                }
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
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
