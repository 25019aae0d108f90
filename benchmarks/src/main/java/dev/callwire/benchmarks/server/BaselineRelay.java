package dev.callwire.benchmarks.server;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.engineio.server.EngineIoWebSocket;
import io.socket.engineio.server.utils.ParseQS;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The server benchmark's baseline: the smallest relay written directly on the libraries the Callwire
 * signaling server uses (Jetty 12 WebSocket for {@code /ws}, socket.io-server/engine.io-server for
 * {@code /socket.io/}, websocket transport only), without the signaling protocol. The room is the query
 * parameter {@code room}; every text frame (every {@code signal} event) of one member of a room is sent
 * unchanged to the other member. No JSON decoding, no rate limit, no outbox, no global lock.
 */
final class BaselineRelay implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final EngineIoServer engineIo;
    private final Map<String, Pair<RawEndpoint>> rawRooms = new ConcurrentHashMap<>();
    private final Map<String, Pair<SocketIoSocket>> ioRooms = new ConcurrentHashMap<>();

    /** The two members of one room, in join order. */
    static final class Pair<T> {
        volatile T first;
        volatile T second;

        synchronized void add(T member) {
            if (first == null) {
                first = member;
            } else if (second == null) {
                second = member;
            }
        }

        T other(T self) {
            T a = first;
            return a == self ? second : a;
        }
    }

    BaselineRelay() {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("baseline-relay");
        threads.setDaemon(true);
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        EngineIoServerOptions options = EngineIoServerOptions.newFromDefault();
        options.setPingInterval(10_000);
        options.setPingTimeout(10_000);
        options.setMaxTimeoutThreadPoolSize(2);
        engineIo = new EngineIoServer(options);
        SocketIoServer socketIo = new SocketIoServer(engineIo);
        socketIo.namespace("/").on("connection", args -> {
            SocketIoSocket socket = (SocketIoSocket) args[0];
            String room = socket.getInitialQuery().getOrDefault("room", "none");
            Pair<SocketIoSocket> pair = ioRooms.computeIfAbsent(room, r -> new Pair<>());
            pair.add(socket);
            socket.on("signal", event -> {
                SocketIoSocket partner = pair.other(socket);
                if (partner != null && event.length > 0) {
                    partner.send("signal", event[0]);
                }
            });
        });

        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(2));
            container.addMapping("/ws", (request, response, callback) -> {
                String room = ParseQS.decode(request.getHttpURI().getQuery()).getOrDefault("room", "none");
                return new RawEndpoint(rawRooms.computeIfAbsent(room, r -> new Pair<>()));
            });
            container.addMapping("/socket.io/*", (request, response, callback) ->
                    new EngineIoEndpoint(engineIo, request.getHttpURI().getQuery()));
        }));
    }

    int start() throws Exception {
        server.start();
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the baseline relay failed", e);
        } finally {
            engineIo.shutdown();
        }
    }

    /** Raw relay: text frames go to the room partner as they are. */
    public static final class RawEndpoint implements Session.Listener.AutoDemanding {
        private final Pair<RawEndpoint> pair;
        private volatile Session session;

        RawEndpoint(Pair<RawEndpoint> pair) {
            this.pair = pair;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            pair.add(this);
        }

        @Override
        public void onWebSocketText(String message) {
            RawEndpoint partner = pair.other(this);
            if (partner != null && partner.session != null) {
                partner.session.sendText(message, Callback.NOOP);
            }
        }
    }

    /** engine.io's websocket transport on Jetty 12, per connection, without any shared lock. */
    public static final class EngineIoEndpoint extends EngineIoWebSocket implements Session.Listener.AutoDemanding {
        private final EngineIoServer engineIo;
        private final Map<String, String> query;
        private volatile Session session;

        EngineIoEndpoint(EngineIoServer engineIo, String query) {
            this.engineIo = engineIo;
            this.query = ParseQS.decode(query);
        }

        @Override
        public Map<String, String> getQuery() {
            return query;
        }

        @Override
        public Map<String, List<String>> getConnectionHeaders() {
            return Map.of();
        }

        @Override
        public void write(String message) {
            session.sendText(message, Callback.NOOP);
        }

        @Override
        public void write(byte[] message) {
            session.sendBinary(ByteBuffer.wrap(message), Callback.NOOP);
        }

        @Override
        public void close() {
            Session current = session;
            if (current != null) {
                current.close();
            }
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            engineIo.handleWebSocket(this);
        }

        @Override
        public void onWebSocketText(String message) {
            emit("message", message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            try {
                emit("close");
            } finally {
                callback.succeed();
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            emit("error", "websocket error", String.valueOf(cause.getMessage()));
        }
    }
}
