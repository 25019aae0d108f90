package dev.callwire.transport.websocket;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.testing.FakeServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A stand-in signaling server speaking the raw WebSocket wire (one envelope per text frame) on OkHttp's
 * MockWebServer: accepts web sockets at any path. What every fake server shares is in {@link FakeServer}.
 */
final class FakeWebSocketServer extends FakeServer<FakeWebSocketServer.Connection> {

    private MockWebServer server;

    @Override
    protected void listen(int port) throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
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
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** The server end of one web socket. */
    final class Connection extends WebSocketListener implements FakeServer.Connection {
        private volatile WebSocket socket;
        private final List<String> frames = new CopyOnWriteArrayList<>();
        private volatile int closeCode = -1;
        private volatile boolean open;

        @Override
        public List<Message> messages() {
            return frames.stream().map(ProtocolCodec::decode).toList();
        }

        @Override
        public void send(Message message) {
            socket.send(ProtocolCodec.encode(message));
        }

        /** Frames that are not JSON, of an unknown type, of another version, and with an invalid room. */
        @Override
        public void sendUndecodable() {
            socket.send("not json");
            socket.send("{\"v\":1,\"type\":\"no-such-type\",\"room\":\"lobby\"}");
            socket.send("{\"v\":2,\"type\":\"peer-left\",\"room\":\"lobby\",\"peer\":{\"id\":\"x\"}}");
            socket.send("{\"v\":1,\"type\":\"peer-joined\",\"room\":\"bad room!\",\"peer\":{\"id\":\"x\"}}");
        }

        @Override
        public void drop() {
            // MockWebServer's server-side sockets cannot be cancelled, so they are closed with "going away".
            socket.close(1001, "going away");
        }

        @Override
        public boolean isOpen() {
            return socket != null && open;
        }

        /** A WebSocket close with 1000 (normal closure). */
        @Override
        public boolean saidGoodbye() {
            return closeCode == 1000;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            socket = webSocket;
            open = true;
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            frames.add(text);
            if (ProtocolCodec.decode(text) instanceof Join join) {
                webSocket.send(ProtocolCodec.encode(welcome(join)));
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
