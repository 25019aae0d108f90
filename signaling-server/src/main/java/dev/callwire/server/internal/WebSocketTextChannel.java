package dev.callwire.server.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server WebSocket on Jetty's core API, reduced to what both WebSocket transports use: whole UTF-8 text
 * messages in (through a {@link TextAssembler}), text frames, pings and closes out.
 *
 * <p>Why the core API and not Jetty's listener API: that layer keeps the upgrade request for the connection's whole
 * life, and with it Jetty's HTTP/1 request state, plus a dozen method handles per connection; an idle connection
 * held about 10 KiB of heap (a class histogram of 10,000 of them), of which the signaling server's own state was
 * 0.3 KiB.
 *
 * <p>Frames arrive one at a time on a Jetty thread; sends may come from any thread.
 */
final class WebSocketTextChannel implements FrameHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTextChannel.class);

    /** What a transport does with its WebSocket's events; called on Jetty's thread, one at a time. */
    interface Listener {
        /** The upgrade is complete; sends are possible from now on. */
        void onOpen(WebSocketTextChannel channel);

        /** One complete text message. */
        void onText(String message);

        /** A whole binary message arrived (its bytes are not kept: the protocol has no binary messages). */
        void onBinary();

        /** The WebSocket is closed, whichever side closed it, or failed before it opened; called once. */
        void onClosed();
    }

    private final Listener listener;
    private final TextAssembler text;
    private final int maxMessageBytes;
    private volatile CoreSession session;
    private volatile long lastHeardNanos = System.nanoTime();
    private static final AtomicIntegerFieldUpdater<WebSocketTextChannel> CLOSED =
            AtomicIntegerFieldUpdater.newUpdater(WebSocketTextChannel.class, "closed");
    private volatile int closed; // 0 or 1; an updater, not an AtomicBoolean per connection
    // Only touched on Jetty's frame thread.
    private boolean inBinary;
    private long binaryBytes;

    /**
     * @param maxMessageBytes  largest message accepted, fragments included (close 1009 beyond)
     * @param fragmentDeadline time allowed to finish a fragmented message (close 1008 beyond)
     * @param timer            runs the fragment deadlines
     */
    WebSocketTextChannel(Listener listener, int maxMessageBytes, Duration fragmentDeadline,
            ScheduledExecutorService timer) {
        this.listener = listener;
        this.maxMessageBytes = maxMessageBytes;
        this.text = new TextAssembler(maxMessageBytes, fragmentDeadline, timer, listener::onText, this::refuse);
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        session = coreSession;
        try {
            listener.onOpen(this);
        } catch (RuntimeException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        lastHeardNanos = System.nanoTime();
        byte opCode = frame.getOpCode();
        try {
            switch (opCode) {
                case OpCode.TEXT -> text.onFragment(frame.getPayload(), frame.isFin());
                case OpCode.BINARY -> onBinaryFragment(frame, true);
                case OpCode.CONTINUATION -> {
                    if (inBinary) {
                        onBinaryFragment(frame, false);
                    } else {
                        text.onFragment(frame.getPayload(), frame.isFin());
                    }
                }
                // Jetty's core API leaves pongs to the frame handler (its listener API answered them itself): a
                // client that pings, as OkHttp does, takes a missing pong for a dead connection.
                case OpCode.PING -> session.sendFrame(new Frame(OpCode.PONG).setPayload(pongPayload(frame)),
                        Callback.NOOP, false);
                default -> {
                    // A pong only proves the client alive; Jetty completes the close handshake itself.
                }
            }
        } catch (RuntimeException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
        if (opCode != OpCode.CLOSE) {
            session.demand();
        }
    }

    /** Jetty reuses a frame's buffer once its callback completes; a pong sent later needs its own copy. */
    private static ByteBuffer pongPayload(Frame ping) {
        return ping.hasPayload() ? BufferUtil.copy(ping.getPayload()) : BufferUtil.EMPTY_BUFFER;
    }

    /** Binary bytes are counted, not kept: the transports answer a whole binary message, never a fragment. */
    private void onBinaryFragment(Frame frame, boolean first) {
        binaryBytes = (first ? 0 : binaryBytes) + frame.getPayloadLength();
        inBinary = !frame.isFin();
        if (binaryBytes > maxMessageBytes) {
            inBinary = false;
            refuse(CloseStatus.MESSAGE_TOO_LARGE, "message over " + maxMessageBytes + " bytes");
        } else if (frame.isFin()) {
            listener.onBinary();
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        LOG.debug("WebSocket failed: {}", cause.toString());
        try {
            if (session == null) {
                notifyClosed(); // no onClosed follows an upgrade that never opened
            }
        } finally {
            callback.succeeded();
        }
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        try {
            notifyClosed();
        } finally {
            callback.succeeded();
        }
    }

    private void notifyClosed() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            text.discard();
            listener.onClosed();
        }
    }

    /** When a frame of any kind last arrived ({@link System#nanoTime()}); Jetty's idle timeout counts our pings too. */
    long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** Whether frames can still be sent: opened and not closed. */
    boolean isOpen() {
        CoreSession current = session;
        return current != null && current.isOutputOpen();
    }

    /**
     * Queues one text frame; {@code callback} completes once it was written, or failed (the connection broke, or
     * more than the configured number of frames were waiting: the client is not reading).
     */
    void sendText(String message, Callback callback) {
        session.sendFrame(new Frame(OpCode.TEXT, message), callback, false);
    }

    void sendPing() {
        CoreSession current = session;
        if (current != null) {
            current.sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
        }
    }

    private void refuse(int statusCode, String reason) {
        LOG.debug("Closing a WebSocket with {}: {}", statusCode, reason);
        close(statusCode, reason);
    }

    /** Starts the close handshake; a no-op before the WebSocket opened and after it closed. */
    void close(int statusCode, String reason) {
        CoreSession current = session;
        if (current != null) {
            current.close(statusCode, reason, Callback.NOOP);
        }
    }
}
