package dev.callwire.webrtc.internal.room;

import dev.callwire.ClientConfig;
import dev.callwire.ConnectionState;
import dev.callwire.protocol.Message;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.spi.SignalingTransports;
import dev.callwire.spi.support.FailoverTransport;
import dev.callwire.spi.support.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's signaling connection: the transport chosen for the configuration (one that moves on to the next
 * endpoint when several are configured), and sending with a log line when the transport refuses. Engine
 * thread, except {@link #isConnected()}.
 */
final class SignalingLink {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingLink.class);

    private final String room;
    private SignalingTransport transport;

    SignalingLink(String room) {
        this.room = room;
    }

    /** Opens the transport; its callbacks go to {@code listener} on transport threads. */
    void open(ClientConfig config, SignalingTransport.Listener listener) {
        SignalingTransportProvider provider = SignalingTransports.forConfig(config);
        LOG.info("Joining room {} via {} ({})", room, Redactor.redact(config.signalingUri()), provider.name());
        // Several endpoints (a signaling cluster): the transport moves to the next when it loses its server.
        transport = FailoverTransport.over(config.signalingUris(), uri ->
                (config.transportPlugin() != null ? provider : SignalingTransports.forUri(uri))
                        .create(uri, config.transportOptions()), config.transportOptions());
        transport.start(listener);
    }

    boolean isOpen() {
        return transport != null;
    }

    boolean send(Message message) {
        if (transport == null) {
            return false;
        }
        boolean accepted = transport.send(message);
        if (!accepted) {
            LOG.warn("Room {}: signaling transport refused {} (closed or queue full)", room, message);
        } else if (LOG.isTraceEnabled()) {
            LOG.trace("Room {} -> {}", room, message);
        }
        return accepted;
    }

    /** The host's network changed: a connection that may have died silently is replaced at once. */
    void networkChanged() {
        if (transport != null) {
            transport.networkChanged();
        }
    }

    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    /** Any thread: the transport itself says connected (a room's state view lags behind by an engine task). */
    boolean isConnected() {
        SignalingTransport t = transport;
        return t != null && t.state() == ConnectionState.CONNECTED;
    }
}
