package dev.callwire.testing;

import dev.callwire.ConnectionState;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolException;
import dev.callwire.spi.SignalingTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A client's connection to a {@link MemoryHub}. */
final class MemoryTransport implements SignalingTransport {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryTransport.class);

    private final MemoryHub hub;
    private volatile Listener listener;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile String displayName;

    MemoryTransport(MemoryHub hub) {
        this.hub = hub;
    }

    @Override
    public synchronized void start(Listener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = listener;
        listener.onStateChanged(ConnectionState.CONNECTING, null);
        hub.connect(this);
    }

    @Override
    public boolean send(Message message) {
        if (state == ConnectionState.CLOSED) {
            return false;
        }
        hub.receive(this, ProtocolCodec.encode(message));
        return true;
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public synchronized void close() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        state = ConnectionState.CLOSED;
        hub.disconnect(this);
        if (listener != null) {
            listener.onStateChanged(ConnectionState.CLOSED, null);
        }
    }

    void connected() {
        if (state == ConnectionState.CONNECTING) {
            state = ConnectionState.CONNECTED;
            listener.onStateChanged(ConnectionState.CONNECTED, null);
        }
    }

    /** Hub thread: decode as a real transport would, dropping what the codec rejects. */
    void deliver(String json) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        try {
            listener.onMessage(ProtocolCodec.decode(json));
        } catch (ProtocolException e) {
            LOG.warn("Dropping malformed message from the hub: {}", e.getMessage());
        }
    }

    String displayName() {
        return displayName;
    }

    void displayName(String name) {
        this.displayName = name;
    }
}
