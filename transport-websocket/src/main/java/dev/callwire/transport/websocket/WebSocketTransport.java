package dev.callwire.transport.websocket;

import dev.callwire.TransportOptions;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.spi.support.ReconnectingTransport;
import dev.callwire.spi.support.Redactor;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's signaling connection over a raw WebSocket: one protocol envelope per text frame.
 * Reconnection, queueing and re-joining come from {@link ReconnectingTransport}.
 *
 * <p>Threads: the transport's loop thread ({@code callwire-ws-N}), and the reader thread of the current
 * connection from a dispatcher pool of its own ({@code callwire-ws-N-io}), shut down on close. OkHttp's
 * shared writer/task threads are pooled by OkHttp and end on their own when idle.
 */
final class WebSocketTransport extends ReconnectingTransport<WebSocketTransport.Attempt> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /**
     * The most one inbound text frame (or fragmented message) may carry: the protocol's 64 KiB envelope. A larger
     * one fails the connection before it is read (see {@link InboundLimit}); the transport reconnects.
     */
    static final long MAX_INBOUND_MESSAGE_BYTES = ProtocolCodec.MAX_MESSAGE_BYTES;

    /** Normal closure (RFC 6455). */
    private static final int NORMAL_CLOSURE = 1000;

    private final Request request;
    private final ExecutorService io;
    private final OkHttpClient client;

    WebSocketTransport(URI uri, TransportOptions options, OkHttpClient base) {
        this(uri, options, base, "callwire-ws-" + COUNTER.incrementAndGet());
    }

    private WebSocketTransport(URI uri, TransportOptions options, OkHttpClient base, String threadName) {
        super(LOG, options, Redactor.redact(uri), threadName);
        this.request = new Request.Builder().url(uri.toString()).build();
        AtomicInteger ioThreads = new AtomicInteger();
        this.io = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, threadName + "-io-" + ioThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = InboundLimit.apply(base, base.newBuilder(), MAX_INBOUND_MESSAGE_BYTES,
                        "wss".equalsIgnoreCase(uri.getScheme()))
                .dispatcher(new Dispatcher(io))
                .connectTimeout(options.connectTimeout())
                .callTimeout(options.connectTimeout()) // a web socket's call timeout covers the handshake only
                .readTimeout(java.time.Duration.ZERO)
                .build();
    }

    @Override
    protected Attempt newConnection() {
        return new Attempt();
    }

    @Override
    protected void begin(Attempt attempt) {
        attempt.socket = client.newWebSocket(request, attempt);
    }

    @Override
    protected boolean write(Attempt attempt, String text) {
        return attempt.socket.send(text);
    }

    @Override
    protected void closeGracefully(Attempt attempt) {
        // OkHttp sends what was queued before the close frame, then waits for the server's close frame.
        if (!attempt.socket.close(NORMAL_CLOSURE, null)) {
            attempt.socket.cancel();
            terminated(attempt);
        }
    }

    @Override
    protected void discard(Attempt attempt) {
        if (attempt.socket != null) {
            attempt.socket.cancel();
        }
    }

    @Override
    protected void releaseResources() {
        io.shutdown();
    }

    /** One connection attempt and the OkHttp listener of its socket. */
    final class Attempt extends WebSocketListener {
        volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            opened(this);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            received(this, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            LOG.warn("{} dropping a binary frame of {} bytes: the protocol uses text frames", context(), bytes.size());
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(NORMAL_CLOSURE, null);
            dropped(this, new IOException("server closed the connection (" + code
                    + (reason.isEmpty() ? "" : " " + reason) + ")"), false);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            dropped(this, new IOException("connection closed (" + code + ")"), false);
            terminated(this);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            boolean fatal = false;
            Throwable cause = t;
            if (response != null) {
                int code = response.code();
                // A handshake refused with a client error (wrong path, forbidden) will not get better by retrying.
                fatal = code >= 400 && code < 500 && code != 408 && code != 429;
                cause = new ProtocolException("WebSocket handshake refused with HTTP " + code + " "
                        + response.message());
                cause.addSuppressed(t);
                response.close();
            }
            if (t instanceof InboundLimitExceededException) {
                LOG.warn("{} {}", context(), t.getMessage());
            }
            dropped(this, cause, fatal);
            terminated(this);
        }
    }
}
