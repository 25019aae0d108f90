package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java socket.io client (io.socket:socket.io-client) meets a raw WebSocket client in one room,
 * on every socket.io transport setup.
 */
class SocketIoJavaClientIT {

    private static SignalingServer server;

    @BeforeAll
    static void start() {
        server = SignalingServer.builder().port(0).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Arguments> transports() {
        return List.of(
                Arguments.of("polling only", new String[] {"polling"}),
                Arguments.of("websocket only", new String[] {"websocket"}),
                Arguments.of("polling upgraded to websocket", new String[] {"polling", "websocket"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void socketIoPeerAndWebSocketPeerTalk(String description, String[] transports) throws Exception {
        String room = "io-" + UUID.randomUUID();
        try (SocketIoTestClient io = new SocketIoTestClient(server, transports);
                WsTestClient ws = WsTestClient.connect(server)) {
            Welcome ioWelcome = io.join(room, "Java socket.io");
            Welcome wsWelcome = ws.join(new Join(room, "raw", null));
            assertThat(wsWelcome.peers()).extracting(p -> p.id() + "/" + p.name())
                    .containsExactly(ioWelcome.self() + "/Java socket.io");
            assertThat(io.next(PeerJoined.class).peerId()).isEqualTo(wsWelcome.self());

            io.send(new Offer(room, "spoofed", wsWelcome.self(), "call-1", "v=0 from socket.io"));
            assertThat(ws.next(Offer.class)).isEqualTo(new Offer(room, ioWelcome.self(), wsWelcome.self(), "call-1",
                    "v=0 from socket.io"));
            ws.send(new Offer(room, null, ioWelcome.self(), "call-2", "v=0 from ws"));
            assertThat(io.next(Offer.class)).isEqualTo(new Offer(room, wsWelcome.self(), ioWelcome.self(), "call-2",
                    "v=0 from ws"));

            // A malformed envelope over socket.io is answered and the socket stays usable.
            io.emitRaw(new JSONObject().put("v", 1).put("type", "offer").put("room", room));
            assertThat(io.next(ErrorMessage.class).code()).isEqualTo(ProtocolError.BAD_MESSAGE);
            io.emitRaw("not an object");
            assertThat(io.next(ErrorMessage.class).code()).isEqualTo(ProtocolError.BAD_MESSAGE);
            io.emitRaw(new JSONObject().put("v", 1).put("type", "offer").put("room", room).put("to", wsWelcome.self())
                    .put("call", "call-3").put("sdp", "x".repeat(70 * 1024)));
            assertThat(io.next(ErrorMessage.class).code()).isEqualTo(ProtocolError.TOO_LARGE);
            io.send(new Leave("not-my-room"));
            assertThat(io.next(ErrorMessage.class).code()).isEqualTo(ProtocolError.NOT_JOINED);

            io.disconnect();
            assertThat(ws.next(PeerLeft.class).peerId()).isEqualTo(ioWelcome.self());
        }
    }

    /** A socket.io client speaking the protocol through event {@code signal}. */
    static final class SocketIoTestClient implements AutoCloseable {
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private final Socket socket;

        SocketIoTestClient(SignalingServer server, String[] transports) throws Exception {
            URI http = server.httpUri().resolve("/");
            IO.Options options = IO.Options.builder()
                    .setTransports(transports)
                    .setForceNew(true)
                    .setReconnection(false)
                    .build();
            socket = IO.socket(URI.create("http://" + http.getHost() + ":" + http.getPort()), options);
            CompletableFuture<Void> connected = new CompletableFuture<>();
            socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
            socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
                    new AssertionError("socket.io connect failed: " + (args.length > 0 ? args[0] : ""))));
            socket.on("signal", args -> received.add(args.length == 1 ? args[0] : List.of(args)));
            socket.connect();
            connected.get(WsTestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        Welcome join(String room, String name) {
            send(new Join(room, name, null));
            return next(Welcome.class);
        }

        void send(Message message) {
            socket.emit("signal", new JSONObject(ProtocolCodec.encode(message)));
        }

        void emitRaw(Object argument) {
            socket.emit("signal", argument);
        }

        <T extends Message> T next(Class<T> type) {
            try {
                Object arg = received.poll(WsTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(arg).as("a signal within %s", WsTestClient.TIMEOUT).isInstanceOf(JSONObject.class);
                Message message = ProtocolCodec.decode(arg.toString());
                assertThat(message).isInstanceOf(type);
                return type.cast(message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void disconnect() {
            socket.disconnect();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
