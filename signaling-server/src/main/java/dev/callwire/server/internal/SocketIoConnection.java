package dev.callwire.server.internal;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import io.socket.socketio.server.SocketIoSocket;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket.io transport: every envelope is the single argument of a {@code signal} event, in
 * both directions. The argument is a JSON object; a JSON string holding the envelope is accepted too.
 */
final class SocketIoConnection extends Connection {

    static final String EVENT = "signal";
    private static final Logger LOG = LoggerFactory.getLogger(SocketIoConnection.class);

    private final SocketIoSocket socket;
    private final Object engineIoLock;
    /**
     * Characters handed to engine.io since it last flushed its write buffer to the transport. A polling client
     * that stops polling leaves everything in that buffer (unbounded in engine.io) until the ping timeout; counted
     * here, it is held to {@link Connection#MAX_PENDING_CHARS} like every other transport's queue.
     */
    private final AtomicLong unflushed = new AtomicLong();

    private SocketIoConnection(SocketIoSocket socket, Object engineIoLock, Executor writer, double ratePerSecond,
            int burst) {
        super(writer, ratePerSecond, burst);
        this.socket = socket;
        this.engineIoLock = engineIoLock;
    }

    /** Wires a freshly connected socket to the hub. */
    static void attach(Hub hub, SocketIoSocket socket, Object engineIoLock, Executor writer, double ratePerSecond,
            int burst) {
        SocketIoConnection connection = new SocketIoConnection(socket, engineIoLock, writer, ratePerSecond, burst);
        hub.register(connection);
        socket.getClient().getConnection().on("flush", args -> connection.unflushed.set(0));
        socket.on(EVENT, args -> connection.onSignal(hub, args));
        socket.on("disconnect", args -> hub.onClose(connection));
    }

    private void onSignal(Hub hub, Object[] args) {
        int count = args.length;
        if (count > 0 && args[count - 1] instanceof SocketIoSocket.ReceivedByLocalAcknowledgementCallback ack) {
            ack.sendAcknowledgement(); // the envelope itself is the answer; the ack only says "received"
            count--;
        }
        Object envelope = count == 1 ? args[0] : null;
        if (envelope instanceof JSONObject || envelope instanceof String) {
            hub.onText(this, envelope.toString());
        } else if (tryAcquire()) {
            send(ProtocolCodec.encode(new ErrorMessage(null, ProtocolError.BAD_MESSAGE,
                    "'" + EVENT + "' takes exactly one argument: the envelope as a JSON object", null)));
        }
    }

    @Override
    protected String transportName() {
        return "socket.io";
    }

    @Override
    protected void write(String json) {
        JSONObject envelope = new JSONObject(json);
        synchronized (engineIoLock) { // see EngineIoWebSocketAdapter: no send during a transport upgrade
            socket.send(EVENT, envelope);
        }
        long held = unflushed.addAndGet(json.length());
        if (held > MAX_PENDING_CHARS) {
            LOG.warn("Closing {} (peer {}): not polling ({} characters waiting in engine.io)", label(), peerId, held);
            closeTransport();
        }
    }

    @Override
    protected void closeTransport() {
        synchronized (engineIoLock) {
            socket.disconnect(true);
        }
    }
}
