package dev.callwire.transport.mqtt.internal;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolException;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.support.Backoff;
import dev.callwire.spi.support.SerialLoop;
import dev.callwire.transport.mqtt.MqttTransportConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SignalingTransport} over an MQTT broker that plays the signaling server's part locally (see the
 * package description of {@code dev.callwire.transport.mqtt}). Not part of the API. This class is the SPI
 * surface and ties the parts together: {@link BrokerConnection} (Paho, reconnection), {@link RoomMembership}
 * (the room played from retained presence), {@link Outbox} (the one bounded queue) and {@link Topics}.
 *
 * <p>Threading: every piece of connection and room state is confined to one {@link SerialLoop} per transport
 * ({@code callwire-mqtt-N}). Paho's callbacks and {@link #send} only hand work to it (or, once joined and
 * connected, publish through the outbox), and it alone calls the listener, so listener calls are serialised
 * and in arrival order.
 */
public final class MqttTransport implements SignalingTransport {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static final byte[] EMPTY = new byte[0];
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MqttTransportConfig config;
    private final TransportOptions options;
    private final String self;
    private final String clientId;
    /** The room key of every envelope, or {@code null}. */
    private final RoomKey roomKey;
    private final SerialLoop loop;
    private final Outbox outbox;
    private final BrokerConnection.ClientFactory clientFactory;

    // Shared with callers of send()/close(); guarded by `lock`.
    private final Object lock = new Object();
    private boolean started;
    private String room;
    private boolean leaveRequested;
    /** Set by {@link #close()} or when giving up: no more sends accepted, no more deliveries. */
    private volatile boolean closed;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile String context;

    // Confined to `loop`.
    private Listener listener;
    private Topics topics;
    private volatile InboundGate gate; // read by droppedInbound() on any thread
    private RoomMembership membership;
    private BrokerConnection connection;
    private boolean welcomedOnce;
    private boolean terminated;
    private ConnectionState lastReported;

    /**
     * Makes a transport that does not connect until it carries a {@code join}; does no I/O.
     *
     * @param config  broker, credentials, prefix and peer id
     * @param options connect timeout, reconnection delays and the outbox bound
     */
    public MqttTransport(MqttTransportConfig config, TransportOptions options) {
        this(config, options, BrokerConnection.PAHO);
    }

    /** With another Paho client than the real one: for tests. */
    MqttTransport(MqttTransportConfig config, TransportOptions options, BrokerConnection.ClientFactory clientFactory) {
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        this.self = config.peerId() != null ? config.peerId() : UUID.randomUUID().toString();
        this.clientId = config.clientId() != null ? config.clientId() : unguessableClientId(self);
        this.roomKey = config.roomKey() == null ? null : new RoomKey(config.roomKey());
        this.context = "peer=" + self;
        this.loop = new SerialLoop("callwire-mqtt-" + THREAD_NUMBERS.incrementAndGet(),
                e -> LOG.error("MQTT {}: unexpected failure on the transport thread", context, e));
        this.outbox = new Outbox(options.maxQueuedMessages());
    }

    /** This client's peer id, chosen when the transport was made. */
    public String peerId() {
        return self;
    }

    /** The MQTT client id this transport connects with. */
    public String clientId() {
        return clientId;
    }

    /**
     * How many inbound messages were dropped because they failed a check: wrong topic, too large, bad or missing
     * room-key mac, malformed, or an envelope that disagrees with its topic (a forged {@code from}, a presence
     * claiming another peer). Any thread.
     */
    public long droppedInbound() {
        InboundGate g = gate;
        return g == null ? 0 : g.dropped();
    }

    /**
     * A client id that names the peer (for the broker's log) and ends in 128 random bits: the protocol asks that a
     * stranger cannot derive it, since connecting with another client's id pushes that client off the broker.
     */
    static String unguessableClientId(String peerId) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return "callwire-" + peerId + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    // ---- SignalingTransport (any thread) ----

    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "transport is closed" : "transport already started");
            }
            started = true;
        }
        loop.execute(() -> {
            this.listener = listener;
            report(ConnectionState.CONNECTING, null);
        });
    }

    @Override
    public boolean send(Message message) {
        Objects.requireNonNull(message, "message");
        if (closed) {
            return false;
        }
        if (message instanceof Join j) {
            synchronized (lock) {
                if (leaveRequested) {
                    LOG.warn("MQTT {}: refusing to join again after leaving; make a new transport", context);
                    return false;
                }
                if (room != null && !room.equals(j.room())) {
                    LOG.warn("MQTT {}: refusing to join room {}: this transport carries room {}", context, j.room(), room);
                    return false;
                }
                room = j.room();
            }
            return loop.execute(() -> onJoin(j));
        }
        String joinedRoom;
        synchronized (lock) {
            joinedRoom = room;
        }
        if (joinedRoom == null || !joinedRoom.equals(message.room())) {
            LOG.warn("MQTT {}: refusing {} for room {}: joined room is {}", context, message.type().wireName(),
                    message.room(), joinedRoom);
            return false;
        }
        if (message instanceof Leave) {
            synchronized (lock) {
                leaveRequested = true;
            }
            return loop.execute(this::onLeave);
        }
        if (!(message instanceof DirectedMessage directed)) {
            LOG.warn("MQTT {} room={}: refusing {}, which only a signaling server sends", context, joinedRoom,
                    message.type().wireName());
            return false;
        }
        return sendDirected(joinedRoom, directed.withFrom(self));
    }

    private boolean sendDirected(String joinedRoom, DirectedMessage stamped) {
        byte[] payload;
        try {
            payload = envelope(stamped);
        } catch (ProtocolException | IllegalArgumentException e) {
            LOG.warn("MQTT {} room={}: refusing {}: {}", context, joinedRoom, stamped, e.getMessage());
            return false;
        }
        // The sender in the topic (protocol v1.1): a broker with per-user ACLs lets only us publish here.
        Outbox.Entry entry = new Outbox.Entry(Topics.inbox(config.prefix(), joinedRoom, stamped.to(), self), payload,
                stamped.toString());
        if (outbox.offer(entry)) {
            return true;
        }
        if (!closed) {
            LOG.warn("MQTT {} room={}: outbox full ({} messages waiting, state {}), refusing {}", context, joinedRoom,
                    outbox.size(), state, stamped);
        }
        return false;
    }

    /**
     * The payload of one envelope: the codec's JSON, with the room key's {@code mac} when one is set.
     *
     * @throws ProtocolException        if the message is larger than the protocol allows
     * @throws IllegalArgumentException if it is only with its mac
     */
    private byte[] envelope(Message message) {
        String json = ProtocolCodec.encode(message);
        return (roomKey == null ? json : roomKey.sign(json)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    /**
     * Refuses further sends at once; on the transport thread, publishes what was sent before (if connected),
     * clears this peer's presence, disconnects and reports {@code CLOSED}. Does not block.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        outbox.seal();
        if (!loop.execute(() -> {
            outbox.flush();
            int dropped = outbox.clear();
            if (dropped > 0) {
                LOG.warn("MQTT {}: closed with {} queued message(s) not sent", context, dropped);
            }
            report(ConnectionState.CLOSED, null);
            shutDown(true);
        })) {
            state = ConnectionState.CLOSED;
        }
    }

    // ---- transport loop ----

    private void onJoin(Join j) {
        if (closed || terminated) {
            return;
        }
        if (membership != null) {
            membership.joinedAgain(j);
            return;
        }
        context = "room=" + j.room() + " peer=" + self;
        if (j.token() != null) {
            LOG.info("MQTT {}: join tokens are not checked on MQTT; protect the room with broker ACLs", context);
        }
        topics = new Topics(config.prefix(), j.room(), self);
        gate = new InboundGate(topics, roomKey);
        // A room timer that comes due after close() was called must not report anything any more.
        Scheduler unlessClosed = (task, delay) -> loop.schedule(() -> {
            if (!closed) {
                task.run();
            }
        }, delay);
        membership = new RoomMembership(j, self, topics, config.settleWindow(), unlessClosed, new RoomPort(), gate);
        connection = new BrokerConnection(config, options, clientId, topics, clientFactory, loop::execute,
                loop::schedule, new Backoff(options), new ConnectionEvents(), context);
        connection.open();
    }

    private void onLeave() {
        if (membership == null || membership.hasLeft() || terminated) {
            return;
        }
        outbox.flush();
        outbox.pause();
        int dropped = outbox.clear();
        if (dropped > 0) {
            LOG.warn("MQTT {}: left the room with {} queued message(s) not sent", context, dropped);
        }
        membership.leave();
        connection.leave();
        LOG.info("MQTT {}: left the room", context);
    }

    private void deliver(Message message) {
        if (closed || listener == null) {
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("MQTT {} <- {}", context, message);
        }
        try {
            listener.onMessage(message);
        } catch (RuntimeException e) {
            LOG.error("MQTT {}: the transport listener failed on {}", context, message.type().wireName(), e);
        }
    }

    /** Reports a state change once; nothing after {@code CLOSED}. */
    private void report(ConnectionState newState, Throwable cause) {
        if (newState == lastReported || lastReported == ConnectionState.CLOSED) {
            return;
        }
        lastReported = newState;
        state = newState;
        if (listener == null) {
            return;
        }
        try {
            listener.onStateChanged(newState, cause);
        } catch (RuntimeException e) {
            LOG.error("MQTT {}: the transport listener failed on state {}", context, newState, e);
        }
    }

    /** Gives up for good: reports {@code CLOSED} with the cause. */
    private void giveUp(Throwable cause) {
        LOG.error("MQTT {}: giving up on {}: {}", context, config.serverUri(), BrokerConnection.describe(cause));
        synchronized (lock) {
            closed = true;
        }
        outbox.seal();
        outbox.clear();
        report(ConnectionState.CLOSED, cause);
        shutDown(false);
    }

    /** Ends the connection (saying goodbye if asked and possible) and stops the transport loop. */
    private void shutDown(boolean graceful) {
        if (terminated) {
            return;
        }
        terminated = true;
        outbox.pause();
        if (membership != null) {
            membership.close(graceful);
        }
        if (connection != null) {
            connection.close(graceful);
        }
        loop.shutdown();
        long dropped = droppedInbound();
        if (dropped > 0) {
            LOG.info("MQTT {}: closed; {} inbound message(s) were dropped as forged, oversized or malformed", context,
                    dropped);
        }
        LOG.debug("MQTT {}: closed", context);
    }

    /** What the room asks for, done with the broker connection and the listener. */
    private final class RoomPort implements RoomMembership.Port {

        @Override
        public void deliver(Message message) {
            MqttTransport.this.deliver(message);
        }

        @Override
        public void publishPresence(PeerJoined presence) {
            connection.publishRetained(topics.presence(self), envelope(presence), "presence");
        }

        @Override
        public void clearPresence() {
            if (connection.isConnected()) {
                connection.publishRetained(topics.presence(self), EMPTY, "presence clear");
            }
        }

        @Override
        public void welcomed(int peers) {
            connection.welcomed();
            outbox.open(connection);
            if (!welcomedOnce) {
                welcomedOnce = true;
                LOG.info("MQTT {}: in the room with {} peer(s)", context, peers);
            } else {
                LOG.info("MQTT {}: reconnected to {}, {} peer(s) present", context, config.serverUri(), peers);
            }
            report(ConnectionState.CONNECTED, null);
        }
    }

    /** What happens to the broker connection, carried to the room, the outbox and the listener. */
    private final class ConnectionEvents implements BrokerConnection.Events {

        @Override
        public void connected() {
            membership.connected();
        }

        @Override
        public void subscribed() {
            membership.subscribed();
        }

        @Override
        public void lost(Throwable cause) {
            membership.disconnected();
            outbox.pause();
            if (welcomedOnce) {
                report(ConnectionState.RECONNECTING, cause);
            }
        }

        @Override
        public void refused(Throwable cause) {
            giveUp(cause);
        }

        @Override
        public void arrived(String topic, byte[] payload) {
            if (!closed) {
                membership.inbound(topic, payload);
            }
        }

        @Override
        public void acknowledged() {
            outbox.resume();
        }
    }
}
