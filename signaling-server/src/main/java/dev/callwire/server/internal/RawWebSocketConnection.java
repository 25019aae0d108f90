package dev.callwire.server.internal;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code /ws} transport: one envelope per text frame, on a {@link WebSocketTextChannel}. */
final class RawWebSocketConnection extends Connection implements WebSocketTextChannel.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RawWebSocketConnection.class);

    private final Hub hub;
    private final Runnable onEnd;
    private static final AtomicIntegerFieldUpdater<RawWebSocketConnection> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(RawWebSocketConnection.class, "ended");
    private volatile int ended; // 0 or 1; an updater, not an AtomicBoolean per connection
    private volatile WebSocketTextChannel channel;

    /** @param onEnd runs once when this connection's socket is closed (told, or found closed by the keepalive) */
    RawWebSocketConnection(Hub hub, Executor writer, double ratePerSecond, int burst, Runnable onEnd) {
        super(writer, ratePerSecond, burst);
        this.hub = hub;
        this.onEnd = onEnd;
    }

    private void ended() {
        if (ENDED.compareAndSet(this, 0, 1)) {
            onEnd.run();
        }
    }

    @Override
    protected String transportName() {
        return "websocket";
    }

    @Override
    public void onOpen(WebSocketTextChannel channel) {
        this.channel = channel;
        hub.register(this);
    }

    @Override
    public void onText(String message) {
        hub.onText(this, message);
    }

    @Override
    public void onBinary() {
        send(ProtocolCodec.encode(new ErrorMessage(null, ProtocolError.BAD_MESSAGE,
                "binary frames are not part of the protocol; send one JSON envelope per text frame", null)));
    }

    @Override
    public void onClosed() {
        hub.onClose(this);
    }

    /** The address's slot counts the socket: given back once it is closed, not when the close handshake starts. */
    @Override
    public void onSocketClosed() {
        ended();
    }

    @Override
    protected boolean writesAsynchronously() {
        return true;
    }

    @Override
    protected void write(String json) {
        WebSocketTextChannel current = channel;
        int chars = json.length();
        current.sendText(json, Callback.from(() -> written(chars), failure -> {
            written(chars);
            LOG.debug("Send to {} failed: {}", label(), failure.toString());
            // A send is refused when too many frames wait to be written: the client is not reading.
            current.close(FrameParser.POLICY_VIOLATION, "not reading");
        }));
    }

    @Override
    void keepalive(long nowNanos, long deadAfterNanos) {
        WebSocketTextChannel current = channel;
        if (current == null) {
            return;
        }
        if (!current.isOpen()) {
            // Closed, yet still registered: the close callback was lost (seen with a peer listed in its
            // room 22 minutes after its TCP connection was gone). The hub ignores a second onClose.
            LOG.debug("Removing {} (peer {}): closed without a close callback", label(), peerId);
            onClosed();
            if (!current.isSocketOpen()) {
                ended(); // the socket's callback may have been lost too
            }
            return;
        }
        // Jetty's idle timeout counts our own pings as activity, so silence is measured here.
        if (nowNanos - current.lastHeardNanos() > deadAfterNanos) {
            LOG.debug("Closing {} (peer {}): no answer to pings", label(), peerId);
            current.close(FrameParser.GOING_AWAY, "ping timeout");
        } else {
            current.sendPing();
        }
    }

    @Override
    protected void closeTransport() {
        WebSocketTextChannel current = channel;
        if (current != null) {
            current.close(FrameParser.NORMAL, null);
        }
    }
}
