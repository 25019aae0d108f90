package dev.callwire.transport.socketio;

import dev.callwire.TransportOptions;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.spi.support.ReconnectingTransport;
import dev.callwire.transport.websocket.InboundLimit;
import dev.callwire.transport.websocket.InboundLimitExceededException;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.ForwardingSource;
import okio.Okio;
import org.json.JSONException;
import org.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's signaling connection over socket.io: every envelope is emitted as event {@value #EVENT} with
 * the envelope (an org.json object made from the {@link dev.callwire.protocol.ProtocolCodec}'s text) as its
 * single argument. Reconnection, queueing and re-joining come from {@link ReconnectingTransport}; each
 * attempt is a fresh socket.io client with its own reconnection switched off.
 *
 * <p>Threads: the transport's loop thread ({@code callwire-socketio-N}); OkHttp I/O threads from a dispatcher
 * pool of its own ({@code callwire-socketio-N-io}), shut down on close; and the socket.io client's shared
 * {@code EventThread} and per-connection heartbeat thread, which end when no socket is active.
 */
final class SocketIoTransport extends ReconnectingTransport<SocketIoTransport.Attempt> {

    static final String EVENT = "signal";
    private static final int NORMAL_CLOSURE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoTransport.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final SocketIoEndpoint endpoint;
    private final ExecutorService io;
    /** Long-polling requests; a response body longer than {@link #MAX_POLLING_BODY_BYTES} fails the request. */
    private final OkHttpClient client;
    /** Web sockets, through {@link InboundLimit}: no message longer than {@link #MAX_FRAME_BYTES} is read. */
    private final OkHttpClient webSocketClient;

    /**
     * The longest engine.io message accepted over a web socket: the protocol's 64 KiB envelope, room for the
     * socket.io framing ({@code 42["signal",...]}), and for a server's JSON escaping that may double some characters.
     * What is longer fails the connection before it is read; an envelope over 64 KiB is refused by the codec anyway.
     */
    static final long MAX_FRAME_BYTES = 2L * ProtocolCodec.MAX_MESSAGE_BYTES + 1024;
    /** The longest long-polling response: a server may batch many messages into one. */
    static final long MAX_POLLING_BODY_BYTES = 16L * MAX_FRAME_BYTES;

    SocketIoTransport(SocketIoEndpoint endpoint, TransportOptions options, OkHttpClient base) {
        this(endpoint, options, base, "callwire-socketio-" + COUNTER.incrementAndGet());
    }

    private SocketIoTransport(SocketIoEndpoint endpoint, TransportOptions options, OkHttpClient base,
                              String threadName) {
        super(LOG, options, endpoint.toString(), threadName);
        this.endpoint = endpoint;
        AtomicInteger ioThreads = new AtomicInteger();
        this.io = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, threadName + "-io-" + ioThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        OkHttpClient client = base.newBuilder()
                .dispatcher(new Dispatcher(io))
                .connectionPool(new ConnectionPool())
                .connectTimeout(options.connectTimeout())
                // engine.io's own heartbeat notices a dead server; long polls must not time out on their own.
                .readTimeout(Duration.ZERO)
                .build();
        this.webSocketClient = InboundLimit.apply(client, client.newBuilder(), MAX_FRAME_BYTES,
                "https".equalsIgnoreCase(endpoint.server().getScheme())).build();
        this.client = client.newBuilder().addInterceptor(chain -> bounded(chain.proceed(chain.request()))).build();
    }

    /** The response with a body that fails, rather than grows, beyond {@link #MAX_POLLING_BODY_BYTES}. */
    private static Response bounded(Response response) throws IOException {
        ResponseBody body = response.body();
        if (body == null) {
            return response;
        }
        long declared = body.contentLength();
        if (declared > MAX_POLLING_BODY_BYTES) {
            response.close();
            throw tooLong(declared + " bytes");
        }
        BufferedSource limited = Okio.buffer(new ForwardingSource(body.source()) {
            private long total;

            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                if (n > 0 && (total += n) > MAX_POLLING_BODY_BYTES) {
                    throw tooLong("more than " + MAX_POLLING_BODY_BYTES + " bytes");
                }
                return n;
            }
        });
        return response.newBuilder().body(ResponseBody.create(limited, body.contentType(), declared)).build();
    }

    private static InboundLimitExceededException tooLong(String size) {
        return new InboundLimitExceededException("the server sent a long-polling response of " + size
                + "; the limit is " + MAX_POLLING_BODY_BYTES + " bytes: failing the request");
    }

    @Override
    protected Attempt newConnection() {
        return new Attempt();
    }

    @Override
    protected void begin(Attempt attempt) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.multiplex = false;
        o.reconnection = false; // ours: it re-joins and flushes in order
        o.timeout = -1; // ours too (TransportOptions.connectTimeout), without a java.util.Timer thread per attempt
        o.path = endpoint.path();
        o.transports = endpoint.transports().toArray(String[]::new);
        o.upgrade = endpoint.transports().size() > 1;
        o.callFactory = client;
        o.webSocketFactory = (request, listener) -> newWebSocket(attempt, request, listener);
        Socket socket = IO.socket(endpoint.server(), o);
        attempt.socket = socket;
        socket.on(Socket.EVENT_CONNECT, args -> {
            attempt.live = true;
            opened(attempt);
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> {
            attempt.live = false;
            Object reason = args.length > 0 ? args[0] : null;
            // socket.io reports only "transport error": keep what the web socket said, when it was our bound.
            Throwable limit = attempt.limitExceeded;
            dropped(attempt, limit != null ? limit : new IOException("socket.io disconnected: " + reason), false);
        });
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
            attempt.live = false;
            Object error = args.length > 0 ? args[0] : null;
            // A JSON payload is the server's own refusal of the namespace connection (e.g. a middleware saying
            // no); engine errors (connection refused, handshake failed) are worth retrying.
            boolean refusedByServer = error instanceof JSONObject;
            Throwable cause = error instanceof Throwable t ? t
                    : new IOException("socket.io connection refused" + (error == null ? "" : ": " + error));
            dropped(attempt, cause, refusedByServer);
        });
        socket.on(EVENT, args -> onSignal(attempt, args));
        // Fires when the engine.io connection is gone, including after our own graceful close.
        socket.io().on(Manager.EVENT_CLOSE, args -> terminated(attempt));
        socket.connect();
    }

    /**
     * engine.io-client 2.1 does not answer a server's close frame, so without this a server that shuts down
     * cleanly (close frame, then waiting for ours) would leave the client hanging until a ping times out.
     */
    private WebSocket newWebSocket(Attempt attempt, Request request, WebSocketListener engineListener) {
        return webSocketClient.newWebSocket(request, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                engineListener.onOpen(webSocket, response);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                engineListener.onMessage(webSocket, text);
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                engineListener.onMessage(webSocket, bytes);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(NORMAL_CLOSURE, null);
                engineListener.onClosing(webSocket, code, reason);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                engineListener.onClosed(webSocket, code, reason);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                if (t instanceof InboundLimitExceededException) {
                    LOG.warn("{} {}", context(), t.getMessage());
                    attempt.limitExceeded = t;
                }
                engineListener.onFailure(webSocket, t, response);
            }
        });
    }

    private void onSignal(Attempt attempt, Object[] args) {
        if (args.length != 1) {
            LOG.warn("{} dropping a '{}' event with {} arguments: the protocol sends exactly one", context(), EVENT,
                    args.length);
            return;
        }
        Object arg = args[0];
        if (arg instanceof JSONObject json) {
            received(attempt, json.toString());
        } else if (arg instanceof String text) {
            received(attempt, text); // lenient: JSON text instead of an object; the codec decides
        } else {
            LOG.warn("{} dropping a '{}' event whose argument is {}, not an object", context(), EVENT,
                    arg == null ? "null" : arg.getClass().getSimpleName());
        }
    }

    @Override
    protected boolean write(Attempt attempt, String text) {
        if (!attempt.live) {
            return false;
        }
        JSONObject json;
        try {
            json = new JSONObject(text);
        } catch (JSONException e) {
            throw new IllegalStateException("the codec's JSON is always an object", e);
        }
        attempt.socket.emit(EVENT, json); // queued on socket.io's event thread, in call order
        return true;
    }

    @Override
    protected void closeGracefully(Attempt attempt) {
        // On socket.io's event thread after the emits already queued: a DISCONNECT packet, then the engine closes
        // once its write buffer has drained.
        attempt.live = false;
        attempt.socket.close();
    }

    @Override
    protected void discard(Attempt attempt) {
        attempt.live = false;
        Socket socket = attempt.socket;
        if (socket != null) {
            socket.off();
            socket.close();
        }
    }

    @Override
    protected void releaseResources() {
        io.shutdown(); // running reads finish, then the threads end
        client.connectionPool().evictAll();
        webSocketClient.connectionPool().evictAll();
    }

    /** One socket.io client: a manager, an engine.io connection and the namespace socket. */
    static final class Attempt {
        volatile Socket socket;
        volatile boolean live;
        /** Set when the web socket failed because the server sent more than the bound. */
        volatile Throwable limitExceeded;
    }
}
