package dev.callwire.transport.socketio;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.testing.FakeServer;
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
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A minimal socket.io v4 server (engine.io v4 over WebSocket only, default namespace) on OkHttp's
 * MockWebServer, enough to test the transport's own behaviour: envelopes travel as the argument of
 * {@code signal} events. It also records the path of every handshake. What every fake server shares is in
 * {@link FakeServer}.
 */
final class FakeSocketIoServer extends FakeServer<FakeSocketIoServer.Connection> {

    /** The request path (with query) of every handshake, accepted or refused. */
    final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private MockWebServer server;

    @Override
    protected void listen(int port) throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                paths.add(request.getPath());
                int refuse = handshake();
                if (refuse != 0) {
                    return new MockResponse().setResponseCode(refuse);
                }
                return new MockResponse().withWebSocketUpgrade(accepted(new Connection()));
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), port);
    }

    @Override
    protected void stopListening() throws IOException {
        server.shutdown();
    }

    @Override
    protected URI uri(int port) {
        return URI.create("socketio+http://127.0.0.1:" + port);
    }

    /** The server end of one engine.io connection. */
    final class Connection extends WebSocketListener implements FakeServer.Connection {
        private volatile WebSocket socket;
        private volatile boolean open;
        /** Envelopes received as {@code signal} events, as JSON text. */
        private final List<String> signals = new CopyOnWriteArrayList<>();
        /** Every socket.io packet received, e.g. {@code 0} (connect) and {@code 1} (disconnect). */
        private final List<String> packets = new CopyOnWriteArrayList<>();

        @Override
        public List<Message> messages() {
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

        @Override
        public void send(Message message) {
            emit(new JSONObject(ProtocolCodec.encode(message)));
        }

        /** {@code signal} events with text, an unknown type, a number, and two arguments instead of one. */
        @Override
        public void sendUndecodable() {
            emit("not json");
            emit(new JSONObject().put("v", 1).put("type", "no-such-type").put("room", "lobby"));
            emit(42);
            emit(new JSONObject().put("v", 1), new JSONObject());
        }

        @Override
        public void drop() {
            socket.close(1001, "going away");
        }

        @Override
        public boolean isOpen() {
            return socket != null && open;
        }

        /** A socket.io disconnect packet ({@code 1}), and nothing after it. */
        @Override
        public boolean saidGoodbye() {
            return !packets.isEmpty() && packets.get(packets.size() - 1).equals("1");
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            socket = webSocket;
            open = true;
            webSocket.send("0{\"sid\":\"e" + sessionIds.incrementAndGet() + "\",\"upgrades\":[],\"pingInterval\":25000,"
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
                webSocket.send("40{\"sid\":\"s" + sessionIds.incrementAndGet() + "\"}");
            } else if (packet.startsWith("2")) {
                JSONArray event = new JSONArray(packet.substring(1));
                if (!event.getString(0).equals(SocketIoTransport.EVENT)) {
                    return;
                }
                String json = event.get(1).toString();
                signals.add(json);
                if (ProtocolCodec.decode(json) instanceof Join join) {
                    send(welcome(join));
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
