package dev.callwire.server.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server WebSocket (RFC 6455) as a Jetty connection on the upgraded end point, reduced to what both WebSocket
 * transports use: whole UTF-8 text messages in (through a {@link TextAssembler}), text frames, pings and closes
 * out. Jetty still does the HTTP, the upgrade's bytes, TLS, the selector, buffers and idle timeouts.
 *
 * <p>Why not Jetty's WebSocket connection: its per-connection machinery (flushers with their queues and locks,
 * session state, extension stack, counters) was about 1.9 KiB of heap per idle connection, half of what an idle
 * {@code /ws} connection cost in all. Here an idle connection is this object, its {@link FrameParser},
 * {@link FrameWriter} and {@link TextAssembler}, and no buffer: a read buffer is taken from Jetty's pool when bytes
 * arrive and given back when they were consumed (0.33 KiB in all in a class histogram of idle connections; an idle
 * {@code /ws} connection went from 3.9 to 2.2 KiB of live heap).
 *
 * <p>Reads run on Jetty's selector thread ({@link AbstractConnection.NonBlocking}), as node's event loop runs them:
 * nothing here blocks (a message is decoded, relayed with asynchronous sends or published asynchronously), and
 * handing each readable event to a pool thread cost about 0.55 context switches per relayed message. Sends may come
 * from any thread.
 *
 * <p>Closing: a close we start sends a close frame and waits up to {@link #CLOSE_WAIT} for the client's, then
 * closes the socket; a client's close is answered with its own code and the socket closed once that is written.
 * After a broken framing rule nothing the client sends can be parsed any more: our output is shut once our close
 * frame is written, and the socket closes when the client closes its side (or after the close wait). Jetty's idle
 * timeout and the server stopping start a close with 1001.
 * The listener hears {@link Listener#onClosed()} once, as soon as no more frames can be sent, and
 * {@link Listener#onSocketClosed()} once the socket is closed.
 */
final class WebSocketTextChannel extends AbstractConnection.NonBlocking
        implements org.eclipse.jetty.io.Connection.UpgradeTo, FrameParser.Sink, Consumer<String>,
        TextAssembler.Refusal {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTextChannel.class);
    /** How long a client has to answer our close frame before its socket is closed anyway. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Read buffer taken from Jetty's pool while bytes arrive; a larger frame is assembled in the parser. */
    private static final int READ_BUFFER_BYTES = 4096;

    /** What a transport does with its WebSocket's events; called on Jetty's thread, one at a time. */
    interface Listener {
        /** The upgrade is complete; sends are possible from now on. */
        void onOpen(WebSocketTextChannel channel);

        /** One complete text message. */
        void onText(String message);

        /** A whole binary message arrived (its bytes are not kept: the protocol has no binary messages). */
        void onBinary();

        /**
         * No more frames can be sent, whichever side closed, or the WebSocket failed before it opened; called once,
         * as soon as our close frame is queued (the conversation is over: a room forgets its peer at once).
         */
        void onClosed();

        /**
         * The socket itself is closed: after {@link #onClosed()}, up to {@link #CLOSE_WAIT} later when a client does
         * not answer our close frame. Called once. What is counted per socket (a per-address slot) is given back
         * here, not on {@code onClosed}, or a client ignoring our close frames could hold more sockets than its cap.
         */
        default void onSocketClosed() {
        }
    }

    /** What every WebSocket of one server shares. */
    record Settings(int maxMessageBytes, Duration fragmentDeadline, Duration idleTimeout, int maxQueuedFrames,
            ScheduledExecutorService timer) {
    }

    private static final AtomicIntegerFieldUpdater<WebSocketTextChannel> STATE =
            AtomicIntegerFieldUpdater.newUpdater(WebSocketTextChannel.class, "state");
    private static final int NEW = 0;
    private static final int OPEN = 1;
    /** We sent a close frame and wait for the client's. */
    private static final int CLOSING = 2;
    /** The client's close was answered, or the socket is gone. */
    private static final int CLOSED = 3;

    private final Listener listener;
    private final Settings settings;
    private final ByteBufferPool buffers;
    private final FrameParser parser;
    private final FrameWriter writer;
    private final TextAssembler text;
    private volatile int state;
    /** 0 or 1: the listener heard onClosed (an updater, not an AtomicBoolean per connection). */
    private volatile int notified;
    private static final AtomicIntegerFieldUpdater<WebSocketTextChannel> NOTIFIED =
            AtomicIntegerFieldUpdater.newUpdater(WebSocketTextChannel.class, "notified");
    private volatile long lastHeardNanos = System.nanoTime();
    /** Bytes that came with the upgrade request; parsed on open. */
    private ByteBuffer early;
    private volatile ScheduledFuture<?> closeTimer;

    WebSocketTextChannel(EndPoint endPoint, Executor executor, ByteBufferPool buffers,
            Listener listener, Settings settings) {
        super(endPoint, executor);
        this.listener = listener;
        this.settings = settings;
        this.buffers = buffers;
        this.parser = new FrameParser(settings.maxMessageBytes(), this);
        this.writer = new FrameWriter(endPoint, settings.maxQueuedFrames());
        this.text = new TextAssembler(settings.maxMessageBytes(), settings.fragmentDeadline(), settings.timer(),
                this, this);
    }

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        // Jetty releases its request buffer after the upgrade: keep a copy of what the client sent early.
        early = BufferUtil.copy(buffer);
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().setIdleTimeout(settings.idleTimeout().toMillis());
        STATE.compareAndSet(this, NEW, OPEN);
        try {
            listener.onOpen(this);
        } catch (RuntimeException e) {
            LOG.warn("Opening a WebSocket failed", e);
            getEndPoint().close(e);
            return;
        }
        ByteBuffer first = early;
        early = null;
        if (first != null) {
            consume(first);
        }
        if (getEndPoint().isOpen()) {
            fillInterested();
        }
    }

    @Override
    public void onFillable() {
        RetainableByteBuffer held = buffers.acquire(READ_BUFFER_BYTES, false);
        ByteBuffer buffer = held.getByteBuffer();
        try {
            while (true) {
                BufferUtil.clear(buffer);
                int filled = getEndPoint().fill(buffer);
                if (filled > 0) {
                    consume(buffer);
                } else if (filled == 0) {
                    fillInterested(); // the buffer goes back to the pool below: an idle connection holds none
                    return;
                } else {
                    getEndPoint().close(); // EOF, with or without a close handshake
                    return;
                }
            }
        } catch (Throwable e) {
            LOG.debug("WebSocket read failed: {}", e.toString());
            getEndPoint().close(e);
        } finally {
            held.release();
        }
    }

    /** Frames in {@code bytes} to the sink methods; after a broken rule the rest is only read and dropped. */
    private void consume(ByteBuffer bytes) {
        if (parser.failed()) {
            bytes.position(bytes.limit());
            return;
        }
        try {
            parser.parse(bytes);
        } catch (RuntimeException e) {
            LOG.warn("A WebSocket message could not be handled", e);
            close(FrameParser.SERVER_ERROR, "server error");
            bytes.position(bytes.limit());
        }
    }

    @Override
    public void onData(boolean isText, boolean fin, ByteBuffer payload) {
        lastHeardNanos = System.nanoTime();
        if (state != OPEN) {
            return; // closing: data after our close frame is dropped
        }
        if (isText) {
            text.onFragment(payload, fin);
        } else if (fin) {
            listener.onBinary(); // counted against the size limit by the parser, never kept
        }
    }

    @Override
    public void onControl(int opCode, ByteBuffer payload) {
        lastHeardNanos = System.nanoTime();
        switch (opCode) {
            // A client that pings, as OkHttp does, takes a missing pong for a dead connection.
            case FrameParser.PING -> {
                if (state == OPEN) {
                    writer.send(FrameWriter.frame(FrameParser.PONG, BufferUtil.toArray(payload)), Callback.NOOP,
                            true, false);
                }
            }
            case FrameParser.CLOSE -> onCloseFrame(payload);
            default -> {
                // A pong only proves the client alive.
            }
        }
    }

    /** The client's close: answered with its code (section 5.5.1), or it answers ours; either way the end. */
    private void onCloseFrame(ByteBuffer payload) {
        if (STATE.compareAndSet(this, OPEN, CLOSED)) {
            byte[] answer = payload.remaining() >= 2
                    ? FrameWriter.closePayload(FrameParser.closeCode(payload), null) : new byte[0];
            notifyClosed();
            writer.send(FrameWriter.frame(FrameParser.CLOSE, answer), Callback.from(this::closeEndPoint), true, true);
        } else if (STATE.compareAndSet(this, CLOSING, CLOSED)) {
            getEndPoint().close();
        }
    }

    @Override
    public void onProtocolError(int closeCode, String reason) {
        LOG.debug("Failing a WebSocket with {}: {}", closeCode, reason);
        // Section 7.1.7: after a broken framing rule the parser reads nothing more, so no close frame of the
        // client's could be recognised. Once ours is written our side of the socket is shut (a FIN, where closing at
        // once could turn unread bytes into a reset that loses our close frame); what the client still sends is
        // read and dropped until it closes its side, and the close wait bounds that.
        close(closeCode, reason, true);
    }

    /** A whole text message from the {@link TextAssembler}. */
    @Override
    public void accept(String message) {
        listener.onText(message);
    }

    /** A message refused: by the {@link TextAssembler} (too large, too slow or not UTF-8) or by the parser. */
    @Override
    public void refuse(int statusCode, String reason) {
        LOG.debug("Closing a WebSocket with {}: {}", statusCode, reason);
        close(statusCode, reason);
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        state = CLOSED;
        ScheduledFuture<?> timer = closeTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        writer.fail(cause);
        socketClosed(); // Jetty calls onClose once per opened connection
    }

    /** The 101 could not be written: the WebSocket never opens (no onClose comes); its listener hears it closed. */
    void upgradeFailed() {
        socketClosed();
    }

    /** The socket is gone: the listener hears the close if it had not yet, then the socket's end, once each. */
    private void socketClosed() {
        try {
            notifyClosed();
        } finally {
            listener.onSocketClosed();
        }
    }

    private void notifyClosed() {
        if (NOTIFIED.compareAndSet(this, 0, 1)) {
            text.discard();
            listener.onClosed();
        }
    }

    private void closeEndPoint() {
        getEndPoint().close();
    }

    private void shutdownOutput() {
        getEndPoint().shutdownOutput();
    }

    /**
     * Starts the close handshake of every open WebSocket among {@code endPoints} (a connector's, TLS ones included);
     * returns how many. For the server stopping: no registry of WebSockets is kept (it would cost every connection).
     */
    static int closeAll(Collection<EndPoint> endPoints, int statusCode, String reason) {
        int closed = 0;
        for (EndPoint endPoint : endPoints) {
            org.eclipse.jetty.io.Connection connection = endPoint.getConnection();
            if (connection instanceof SslConnection tls) {
                connection = tls.getSslEndPoint().getConnection();
            }
            if (connection instanceof WebSocketTextChannel webSocket && webSocket.state == OPEN) {
                webSocket.close(statusCode, reason);
                closed++;
            }
        }
        return closed;
    }

    /** When a frame of any kind last arrived ({@link System#nanoTime()}); the idle timeout counts our pings too. */
    long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** Whether the socket is still open (a close handshake may be under way). */
    boolean isSocketOpen() {
        return getEndPoint().isOpen();
    }

    /** Whether frames can still be sent: opened and no close started or received. */
    boolean isOpen() {
        return state == OPEN && getEndPoint().isOpen();
    }

    /**
     * Queues one text frame; {@code callback} completes once it was written, or failed (the connection broke or is
     * closing, or more than the configured number of frames were waiting: the client is not reading).
     */
    void sendText(String message, Callback callback) {
        writer.send(FrameWriter.frame(FrameParser.TEXT, message.getBytes(StandardCharsets.UTF_8)), callback, false,
                false);
    }

    void sendPing() {
        if (state == OPEN) {
            writer.send(FrameWriter.frame(FrameParser.PING, new byte[0]), Callback.NOOP, true, false);
        }
    }

    /** Starts the close handshake; a no-op before the WebSocket opened and after a close started. */
    void close(int statusCode, String reason) {
        close(statusCode, reason, false);
    }

    /** @param fail shut the output as soon as the close frame is written (the close wait still bounds the rest) */
    private void close(int statusCode, String reason, boolean fail) {
        if (!STATE.compareAndSet(this, OPEN, CLOSING)) {
            return;
        }
        writer.send(FrameWriter.frame(FrameParser.CLOSE, FrameWriter.closePayload(statusCode, reason)),
                fail ? Callback.from(this::shutdownOutput) : Callback.NOOP, true, true);
        // Told on another thread: a transport closes while holding the hub's lock, and onClosed re-enters the hub.
        try {
            getExecutor().execute(this::notifyClosed);
        } catch (RejectedExecutionException e) {
            notifyClosed(); // stopping
        }
        // A client that never answers must not keep its socket: close it after a bounded wait.
        ScheduledFuture<?> timer = null;
        try {
            timer = settings.timer().schedule(this::closeEndPoint, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closeEndPoint(); // stopping
        }
        closeTimer = timer;
        if (timer != null && !getEndPoint().isOpen()) {
            timer.cancel(false); // closed meanwhile: onClose may have missed the timer
        }
    }

    /**
     * Jetty's idle timeout: no byte either way for the whole timeout (our pings count, so the client is gone), or
     * the server stopping (Jetty then shortens every connection's timeout). An open WebSocket gets a close frame
     * with 1001, "going away" (section 7.4.1: a server going down, or a client gone idle; 1000 would claim the
     * conversation was completed, 1008 that the client broke a policy), and the usual bounded wait for the answer,
     * for which reading resumes. A close already under way is not waited for twice: the socket closes.
     */
    @Override
    protected boolean onReadTimeout(TimeoutException timeout) {
        if (state == OPEN) {
            close(FrameParser.GOING_AWAY, "idle timeout");
            if (getEndPoint().isOpen()) {
                fillInterested(); // the timeout ended the read interest; the client's close frame comes through it
            }
        } else {
            getEndPoint().close(timeout);
        }
        return false;
    }
}
