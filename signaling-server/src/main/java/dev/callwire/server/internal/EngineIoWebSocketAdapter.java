package dev.callwire.server.internal;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoWebSocket;
import io.socket.engineio.server.utils.ParseQS;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * engine.io's websocket transport on a Jetty 12 WebSocket session. engine.io-server ships an
 * adapter for Jetty 9.4 only; this one maps Jetty's listener events onto engine.io's emitter
 * events ({@code message}, {@code close}, {@code error}) and its writes onto async sends.
 */
public final class EngineIoWebSocketAdapter extends EngineIoWebSocket implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoWebSocketAdapter.class);

    private final EngineIoServer engineIo;
    private final Object engineIoLock;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final TextAssembler text;
    /** Characters handed to Jetty and not yet written: what a client that stops reading makes us hold. */
    private final AtomicLong inFlightChars = new AtomicLong();
    private final long maxInFlightChars;
    private volatile Session session;
    /** Wraps engine.io's handling of the open, so a websocket-only handshake holds its per-IP slot. */
    private volatile java.util.function.Consumer<Runnable> openScope = Runnable::run;

    /**
     * @param engineIoLock held while engine.io handles websocket events. engine.io-server handles the
     *                     polling-to-websocket upgrade without its per-socket lock, so a concurrent send
     *                     from another thread can hit a half-switched transport and drop the client;
     *                     {@link SocketIoConnection} sends under the same lock.
     */
    EngineIoWebSocketAdapter(EngineIoServer engineIo, Object engineIoLock, String queryString,
            Iterable<HttpField> requestHeaders, int maxMessageChars, Duration fragmentDeadline,
            ScheduledExecutorService timer, long maxInFlightChars) {
        this.engineIo = engineIo;
        this.engineIoLock = engineIoLock;
        this.maxInFlightChars = maxInFlightChars;
        this.text = new TextAssembler(maxMessageChars, fragmentDeadline, timer, this::onMessage, this::refuse);
        this.query = ParseQS.decode(queryString);
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        for (HttpField field : requestHeaders) {
            copy.computeIfAbsent(field.getName(), name -> new java.util.ArrayList<>()).add(field.getValue());
        }
        this.headers = copy;
    }

    /** Runs engine.io's handling of this socket's open inside {@code scope} (see {@link SocketIoAdmission}). */
    void openScope(java.util.function.Consumer<Runnable> scope) {
        this.openScope = scope;
    }

    @Override
    public Map<String, String> getQuery() {
        return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
        return headers;
    }

    @Override
    public void write(String message) {
        int size = message.length();
        if (reserve(size)) {
            session.sendText(message, Callback.from(() -> release(size), failure -> onSendFailure(size, failure)));
        }
    }

    @Override
    public void write(byte[] message) {
        int size = message.length;
        if (reserve(size)) {
            session.sendBinary(ByteBuffer.wrap(message),
                    Callback.from(() -> release(size), failure -> onSendFailure(size, failure)));
        }
    }

    /** Counts a send against the in-flight bound; a client over it is not reading and is closed. */
    private boolean reserve(int size) {
        if (inFlightChars.addAndGet(size) <= maxInFlightChars) {
            return true;
        }
        inFlightChars.addAndGet(-size);
        refuse(StatusCode.POLICY_VIOLATION, "not reading");
        return false;
    }

    private void release(int size) {
        inFlightChars.addAndGet(-size);
    }

    private void onSendFailure(int size, Throwable failure) {
        release(size);
        LOG.debug("engine.io websocket send failed: {}", failure.toString());
        session.close(StatusCode.POLICY_VIOLATION, "send failed", Callback.NOOP);
    }

    private void refuse(int statusCode, String reason) {
        LOG.debug("Closing an engine.io websocket: {}", reason);
        Session current = session;
        if (current != null) {
            current.close(statusCode, reason, Callback.NOOP);
        }
    }

    @Override
    public void close() {
        Session current = session;
        if (current != null) {
            current.close(StatusCode.NORMAL, null, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        openScope.accept(() -> {
            synchronized (engineIoLock) {
                engineIo.handleWebSocket(this);
            }
        });
    }

    @Override
    public void onWebSocketPartialText(String fragment, boolean last) {
        text.onFragment(fragment, last);
    }

    private void onMessage(String message) {
        synchronized (engineIoLock) {
            emit("message", message);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        synchronized (engineIoLock) {
            emit("message", (Object) bytes);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        synchronized (engineIoLock) {
            emit("error", "websocket error", String.valueOf(cause.getMessage()));
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            text.discard();
            synchronized (engineIoLock) {
                emit("close");
            }
        } finally {
            callback.succeed();
        }
    }
}
