package dev.callwire.transport.mqtt.internal;

import dev.callwire.ConnectionState;
import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Names;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolException;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.TransportOptions;
import dev.callwire.transport.mqtt.MqttTransportConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SignalingTransport} over an MQTT broker that plays the signaling server's part locally (see the
 * package description of {@code dev.callwire.transport.mqtt}). Not part of the API.
 *
 * <p>Threading: every piece of connection state is confined to one daemon thread per transport
 * ({@code callwire-mqtt-N}). Paho's callbacks and {@link #send} only hand work to it, and it alone calls the
 * listener, so listener calls are serialised and in arrival order. Reconnection uses its own backoff
 * ({@link TransportOptions}), not Paho's automatic reconnect, because a reconnect must resubscribe, publish
 * presence again and produce a fresh {@code welcome} before {@code CONNECTED} is reported.
 */
public final class MqttTransport implements SignalingTransport {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static final int QOS = 1;
    /** Paho's limit of unacknowledged QoS 1 publishes; beyond it, messages wait in the outbox. */
    private static final int MAX_INFLIGHT = 1000;
    /** Outbox bound while connected (messages only wait there for a moment). */
    private static final int CONNECTED_OUTBOX_LIMIT = 4096;
    /** Directed messages that arrive during the settle window, before the welcome was delivered. */
    private static final int MAX_HELD_INBOUND = 512;
    private static final long CLOSE_QUIESCE_MILLIS = 1000;
    /**
     * How long a cleared presence waits before it is reported as {@code peer-left}. A broker that shuts down
     * publishes every client's last will just before it closes the connections; if this client's own connection
     * drops within this time, the clearing was the broker going away, not the peer, and is not reported (the
     * welcome after the reconnect settles who is still there).
     */
    static final Duration LEAVE_GRACE = Duration.ofMillis(500);
    private static final byte[] EMPTY = new byte[0];

    private final MqttTransportConfig config;
    private final TransportOptions options;
    private final String self;
    private final String clientId;
    private final ScheduledExecutorService thread;

    // Shared with callers of send()/close(); guarded by `lock`.
    private final Object lock = new Object();
    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private boolean started;
    private String room;
    private boolean leaveRequested;
    /** Set by {@link #close()} or when giving up: no more sends accepted, no more deliveries. */
    private volatile boolean closed;
    private volatile ConnectionState state = ConnectionState.CONNECTING;

    // Confined to `thread`.
    private Listener listener;
    private MqttAsyncClient client;
    private Topics topics;
    private Join join;
    private int generation;
    private boolean connected;
    private boolean ready;
    private boolean welcomedOnce;
    private boolean left;
    private boolean terminated;
    private ConnectionState lastReported;
    private boolean presencePublished;
    private boolean waitingForInflight;
    private Duration nextDelay;
    private ScheduledFuture<?> pendingTask;
    private volatile String context;
    /** Peers whose presence is retained on the broker now. */
    private final Map<String, PeerInfo> present = new LinkedHashMap<>();
    /** Peers the listener was told about (welcome, peer-joined) and not told have left. */
    private final Map<String, PeerInfo> announced = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> pendingLeaves = new HashMap<>();
    private ScheduledFuture<?> pendingRepublish;
    private final List<DirectedMessage> heldInbound = new ArrayList<>();

    /** One encoded directed message waiting to be published. */
    private record Outgoing(String topic, byte[] payload, String description) {
    }

    public MqttTransport(MqttTransportConfig config, TransportOptions options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        this.self = config.peerId() != null ? config.peerId() : UUID.randomUUID().toString();
        this.clientId = config.clientId() != null ? config.clientId() : "callwire-" + self;
        this.nextDelay = options.reconnectMinDelay();
        this.context = "peer=" + self;
        String name = "callwire-mqtt-" + THREAD_NUMBERS.incrementAndGet();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    /** This client's peer id, chosen when the transport was made. */
    public String peerId() {
        return self;
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
        onThread(() -> {
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
            return onThread(() -> onJoin(j));
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
            return onThread(this::onLeave);
        }
        if (!(message instanceof DirectedMessage directed)) {
            LOG.warn("MQTT {} room={}: refusing {}, which only a signaling server sends", context, joinedRoom,
                    message.type().wireName());
            return false;
        }
        DirectedMessage stamped = directed.withFrom(self);
        byte[] payload;
        try {
            payload = ProtocolCodec.encode(stamped).getBytes(StandardCharsets.UTF_8);
        } catch (ProtocolException e) {
            LOG.warn("MQTT {} room={}: refusing {}: {}", context, joinedRoom, stamped, e.getMessage());
            return false;
        }
        Outgoing outgoing = new Outgoing(Topics.inbox(config.prefix(), joinedRoom, directed.to()), payload,
                stamped.toString());
        synchronized (lock) {
            if (closed) {
                return false;
            }
            int limit = state == ConnectionState.CONNECTED
                    ? Math.max(options.maxQueuedMessages(), CONNECTED_OUTBOX_LIMIT) : options.maxQueuedMessages();
            if (outbox.size() >= limit) {
                LOG.warn("MQTT {} room={}: outbox full ({} messages, state {}), refusing {}", context, joinedRoom,
                        outbox.size(), state, stamped);
                return false;
            }
            outbox.add(outgoing);
        }
        onThread(this::drain);
        return true;
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
        if (!onThread(() -> {
            drain();
            int dropped;
            synchronized (lock) {
                dropped = outbox.size();
                outbox.clear();
            }
            if (dropped > 0) {
                LOG.warn("MQTT {}: closed with {} queued message(s) not sent", context, dropped);
            }
            report(ConnectionState.CLOSED, null);
            shutDown(true);
        })) {
            state = ConnectionState.CLOSED;
        }
    }

    // ---- transport thread ----

    /** Runs {@code task} on the transport thread; false if that thread is gone. */
    private boolean onThread(Runnable task) {
        try {
            thread.execute(() -> guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private ScheduledFuture<?> later(Runnable task, Duration delay) {
        return thread.schedule(() -> guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("MQTT {}: unexpected failure on the transport thread", context, e);
        }
    }

    private void onJoin(Join j) {
        if (closed || terminated || left) {
            return;
        }
        boolean first = join == null;
        join = j;
        left = false;
        if (first) {
            context = "room=" + j.room() + " peer=" + self;
            if (j.token() != null) {
                LOG.info("MQTT {}: join tokens are not checked on MQTT; protect the room with broker ACLs", context);
            }
            topics = new Topics(config.prefix(), j.room(), self);
            try {
                client = new MqttAsyncClient(config.serverUri(), clientId, new MemoryPersistence());
            } catch (MqttException | IllegalArgumentException e) {
                giveUp(e);
                return;
            }
            client.setCallback(new Callback());
            LOG.info("MQTT {}: connecting to {} as client {} (topics {}/{}/...)", context, config.serverUri(),
                    clientId, config.prefix(), j.room());
            connect();
        } else if (ready) {
            // A repeated join while connected: refresh presence (the name may have changed) and answer again.
            publishPresence();
            deliverWelcome();
        }
    }

    private void connect() {
        pendingTask = null;
        if (closed || left || terminated) {
            return;
        }
        int gen = ++generation;
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setConnectionTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE,
                (options.connectTimeout().toMillis() + 999) / 1000)));
        o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        o.setMaxInflight(MAX_INFLIGHT);
        // If this client vanishes without a goodbye, the broker clears its presence: the others see "left".
        o.setWill(topics.presence(self), EMPTY, QOS, true);
        if (config.username() != null) {
            o.setUserName(config.username());
        }
        if (config.password() != null) {
            o.setPassword(config.password());
        }
        SocketFactory factory = config.socketFactory();
        if (config.tls()) {
            o.setSocketFactory(factory != null ? factory : SSLSocketFactory.getDefault());
            o.setHttpsHostnameVerificationEnabled(true);
        } else if (factory != null) {
            o.setSocketFactory(factory);
        }
        try {
            client.connect(o, null, new Action(gen, token -> onConnected(gen), (token, e) -> onConnectFailed(gen, e)));
        } catch (MqttException e) {
            onConnectFailed(gen, e);
        }
    }

    private void onConnected(int gen) {
        if (gen != generation || terminated) {
            return;
        }
        if (left) {
            disconnectQuietly();
            return;
        }
        connected = true;
        present.clear();
        heldInbound.clear();
        LOG.debug("MQTT {}: connected to {}, subscribing", context, config.serverUri());
        try {
            client.subscribe(new String[] {topics.presenceFilter(), topics.inbox()}, new int[] {QOS, QOS}, null,
                    new Action(gen, token -> onSubscribed(gen, token), (token, e) -> onSubscribeFailed(gen, e)));
        } catch (MqttException e) {
            onSubscribeFailed(gen, e);
        }
    }

    private void onSubscribed(int gen, IMqttToken token) {
        if (gen != generation || terminated || left) {
            return;
        }
        int[] granted = token.getGrantedQos();
        if (granted != null) {
            for (int qos : granted) {
                if (qos == 0x80) {
                    giveUp(new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED));
                    return;
                }
            }
        }
        // Retained presence follows the SUBACK; give it a moment to arrive before telling who is here.
        pendingTask = later(() -> settled(gen), config.settleWindow());
    }

    private void onSubscribeFailed(int gen, Throwable e) {
        if (gen != generation || terminated) {
            return;
        }
        if (e instanceof MqttException m && m.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
            giveUp(e); // refused by the broker (ACLs): retrying will not help
            return;
        }
        LOG.warn("MQTT {}: subscribing failed ({}), reconnecting", context, describe(e));
        disconnectQuietly();
        onConnectionLost(e);
    }

    private void settled(int gen) {
        pendingTask = null;
        if (gen != generation || closed || terminated || left || !connected) {
            return;
        }
        publishPresence();
        ready = true;
        nextDelay = options.reconnectMinDelay();
        LOG.debug("MQTT {}: {} peer(s) present: {}", context, present.size(), present.keySet());
        deliverWelcome();
        List<DirectedMessage> held = new ArrayList<>(heldInbound);
        heldInbound.clear();
        held.forEach(this::deliver);
        drain();
        if (!welcomedOnce) {
            welcomedOnce = true;
            LOG.info("MQTT {}: in the room with {} peer(s)", context, present.size());
        } else {
            LOG.info("MQTT {}: reconnected to {}, {} peer(s) present", context, config.serverUri(), present.size());
        }
        report(ConnectionState.CONNECTED, null);
    }

    private void deliverWelcome() {
        cancelPendingLeaves();
        announced.clear();
        announced.putAll(present);
        deliver(new Welcome(join.room(), self, List.copyOf(present.values()), List.of()));
    }

    private void publishPresence() {
        byte[] payload = ProtocolCodec.encode(new PeerJoined(join.room(), new PeerInfo(self, join.name())))
                .getBytes(StandardCharsets.UTF_8);
        publish(topics.presence(self), payload, true, "presence");
        presencePublished = true;
    }

    private void clearPresence() {
        if (presencePublished && connected) {
            publish(topics.presence(self), EMPTY, true, "presence clear");
        }
        presencePublished = false;
    }

    /** A one-off publish (presence); failures are logged, the connection's loss is handled elsewhere. */
    private void publish(String topic, byte[] payload, boolean retained, String what) {
        try {
            client.publish(topic, payload, QOS, retained);
        } catch (MqttException e) {
            LOG.warn("MQTT {}: publishing {} failed: {}", context, what, describe(e));
        }
    }

    private void onConnectFailed(int gen, Throwable e) {
        if (gen != generation || terminated) {
            return;
        }
        connected = false;
        if (isFatal(e)) {
            giveUp(e);
            return;
        }
        LOG.warn("MQTT {}: connecting to {} failed ({}), retrying in {} ms", context, config.serverUri(), describe(e),
                nextDelay.toMillis());
        scheduleReconnect();
    }

    private void onConnectionLost(Throwable cause) {
        if (terminated) {
            return;
        }
        generation++; // callbacks of the lost connection are stale from now on
        connected = false;
        ready = false;
        cancelPendingLeaves();
        waitingForInflight = false;
        if (pendingTask != null) {
            pendingTask.cancel(false);
            pendingTask = null;
        }
        if (left) {
            return;
        }
        IMqttDeliveryToken[] pending = client.getPendingDeliveryTokens();
        if (pending.length > 0) {
            LOG.warn("MQTT {}: {} sent message(s) were not acknowledged before the connection dropped and may be lost",
                    context, pending.length);
        }
        LOG.warn("MQTT {}: connection to {} lost ({}), reconnecting in {} ms", context, config.serverUri(),
                describe(cause), nextDelay.toMillis());
        if (welcomedOnce) {
            report(ConnectionState.RECONNECTING, cause);
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        Duration delay = nextDelay;
        Duration doubled = nextDelay.multipliedBy(2);
        nextDelay = doubled.compareTo(options.reconnectMaxDelay()) > 0 ? options.reconnectMaxDelay() : doubled;
        pendingTask = later(this::connect, delay);
    }

    private void onLeave() {
        if (left || terminated || join == null) {
            return;
        }
        drain();
        left = true;
        ready = false;
        if (pendingTask != null) {
            pendingTask.cancel(false);
            pendingTask = null;
        }
        int dropped;
        synchronized (lock) {
            dropped = outbox.size();
            outbox.clear();
        }
        if (dropped > 0) {
            LOG.warn("MQTT {}: left the room with {} queued message(s) not sent", context, dropped);
        }
        if (connected) {
            clearPresence();
            try {
                client.unsubscribe(new String[] {topics.presenceFilter(), topics.inbox()});
            } catch (MqttException e) {
                LOG.debug("MQTT {}: unsubscribing failed: {}", context, describe(e));
            }
        }
        present.clear();
        announced.clear();
        cancelPendingLeaves();
        heldInbound.clear();
        LOG.info("MQTT {}: left the room", context);
    }

    /** Publishes what waits in the outbox, in order, while the room is joined and the client connected. */
    private void drain() {
        if (!ready || !connected || terminated) {
            return;
        }
        while (true) {
            Outgoing next;
            synchronized (lock) {
                next = outbox.peek();
            }
            if (next == null) {
                return;
            }
            try {
                client.publish(next.topic(), next.payload(), QOS, false);
                if (LOG.isTraceEnabled()) {
                    LOG.trace("MQTT {} -> {}", context, next.description());
                }
            } catch (MqttException e) {
                int reason = e.getReasonCode();
                if (reason == MqttException.REASON_CODE_MAX_INFLIGHT) {
                    waitingForInflight = true; // resumed by deliveryComplete
                    return;
                }
                if (reason == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                        || reason == MqttException.REASON_CODE_CLIENT_DISCONNECTING) {
                    return; // kept; sent after the reconnect
                }
                LOG.warn("MQTT {}: dropping {}: publish failed: {}", context, next.description(), describe(e));
            }
            synchronized (lock) {
                outbox.poll();
            }
        }
    }

    private void onInbound(String topic, byte[] payload) {
        if (closed || left || topics == null) {
            return;
        }
        Topics.Parsed parsed = topics.parse(topic);
        if (parsed == null) {
            LOG.warn("MQTT {}: dropping a message on topic '{}', which is not one of this room's", context, printable(topic));
            return;
        }
        if (parsed.presence()) {
            onPresence(parsed.peerId(), payload);
        } else {
            onDirected(payload);
        }
    }

    private void onPresence(String peerId, byte[] payload) {
        if (payload.length == 0) {
            if (peerId.equals(self)) {
                if (ready && presencePublished && pendingRepublish == null) {
                    // A late last will of an earlier connection of ours, or the broker shutting down.
                    int gen = generation;
                    pendingRepublish = later(() -> {
                        pendingRepublish = null;
                        if (gen == generation && ready && !left && !closed) {
                            LOG.info("MQTT {}: own presence was cleared by someone else, publishing it again", context);
                            publishPresence();
                        }
                    }, LEAVE_GRACE);
                }
                return;
            }
            present.remove(peerId);
            if (ready && announced.containsKey(peerId) && !pendingLeaves.containsKey(peerId)) {
                int gen = generation;
                pendingLeaves.put(peerId, later(() -> confirmLeft(peerId, gen), LEAVE_GRACE));
            }
            return;
        }
        if (peerId.equals(self)) {
            return;
        }
        Message message = decode(payload, "presence of " + peerId);
        if (message == null) {
            return;
        }
        if (!(message instanceof PeerJoined joined)) {
            LOG.warn("MQTT {}: dropping {} on the presence topic of {}: only peer-joined belongs there", context,
                    message.type().wireName(), peerId);
            return;
        }
        if (!join.room().equals(joined.room()) || !peerId.equals(joined.peerId())) {
            LOG.warn("MQTT {}: dropping presence on the topic of {} that claims peer {} in room {}", context, peerId,
                    joined.peerId(), joined.room());
            return;
        }
        present.put(peerId, joined.peer());
        ScheduledFuture<?> leaving = pendingLeaves.remove(peerId);
        if (leaving != null) {
            leaving.cancel(false); // back within the grace period: never reported as gone
        }
        if (ready && !joined.peer().equals(announced.get(peerId))) {
            announced.put(peerId, joined.peer());
            deliver(joined);
        }
    }

    private void confirmLeft(String peerId, int gen) {
        pendingLeaves.remove(peerId);
        if (gen != generation || !ready || left || closed || present.containsKey(peerId)) {
            return;
        }
        if (announced.remove(peerId) != null) {
            deliver(new PeerLeft(join.room(), peerId));
        }
    }

    private void cancelPendingLeaves() {
        pendingLeaves.values().forEach(f -> f.cancel(false));
        pendingLeaves.clear();
        if (pendingRepublish != null) {
            pendingRepublish.cancel(false);
            pendingRepublish = null;
        }
    }

    private void onDirected(byte[] payload) {
        Message message = decode(payload, "inbox message");
        if (message == null) {
            return;
        }
        if (!(message instanceof DirectedMessage directed)) {
            LOG.warn("MQTT {}: dropping {} in the inbox: only offer, answer, candidate and bye belong there", context,
                    message.type().wireName());
            return;
        }
        if (!join.room().equals(directed.room()) || !self.equals(directed.to()) || directed.from() == null
                || directed.from().equals(self)) {
            LOG.warn("MQTT {}: dropping {} in the inbox with room={}, from={}, to={}", context,
                    directed.type().wireName(), directed.room(), directed.from(), directed.to());
            return;
        }
        if (ready) {
            deliver(directed);
        } else if (heldInbound.size() < MAX_HELD_INBOUND) {
            heldInbound.add(directed); // arrived before the welcome; delivered right after it
        } else {
            LOG.warn("MQTT {}: dropping {} that arrived before the room was joined: too many held", context, directed);
        }
    }

    private Message decode(byte[] payload, String what) {
        try {
            return ProtocolCodec.decode(new String(payload, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            LOG.warn("MQTT {}: dropping malformed {} ({} bytes): {}", context, what, payload.length, e.getMessage());
            return null;
        }
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
        LOG.error("MQTT {}: giving up on {}: {}", context, config.serverUri(), describe(cause));
        synchronized (lock) {
            closed = true;
            outbox.clear();
        }
        report(ConnectionState.CLOSED, cause);
        shutDown(false);
    }

    /** Ends the connection (saying goodbye if asked and possible) and stops the transport thread. */
    private void shutDown(boolean graceful) {
        if (terminated) {
            return;
        }
        terminated = true;
        cancelPendingLeaves();
        if (pendingTask != null) {
            pendingTask.cancel(false);
            pendingTask = null;
        }
        generation++;
        if (client != null) {
            try {
                if (connected && graceful) {
                    clearPresence(); // a DISCONNECT suppresses the last will, so say it ourselves
                    client.disconnectForcibly(CLOSE_QUIESCE_MILLIS, CLOSE_QUIESCE_MILLIS, true);
                } else {
                    client.disconnectForcibly(0, 0, false);
                }
            } catch (MqttException e) {
                LOG.debug("MQTT {}: disconnecting: {}", context, describe(e));
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("MQTT {}: closing the client: {}", context, describe(e));
            }
        }
        connected = false;
        ready = false;
        thread.shutdown();
        LOG.debug("MQTT {}: closed", context);
    }

    private void disconnectQuietly() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            LOG.debug("MQTT {}: dropping the connection: {}", context, describe(e));
        }
        connected = false;
    }

    private static boolean isFatal(Throwable e) {
        if (!(e instanceof MqttException m)) {
            return false;
        }
        int reason = m.getReasonCode();
        return reason == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || reason == MqttException.REASON_CODE_NOT_AUTHORIZED
                || reason == MqttException.REASON_CODE_INVALID_CLIENT_ID
                || reason == MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION;
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "no cause";
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof MqttException m) {
            text += " [reason " + m.getReasonCode() + "]";
        }
        if (e.getCause() != null && e.getCause() != e) {
            text += " (" + e.getCause() + ")";
        }
        return text;
    }

    private static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** Paho's callbacks, which only copy and hand over to the transport thread. */
    private final class Callback implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
            LOG.debug("MQTT {}: Paho reports the connection lost: {}", context, describe(cause));
            onThread(() -> {
                if (connected) {
                    onConnectionLost(cause);
                }
            });
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] payload = message.getPayload().clone();
            onThread(() -> onInbound(topic, payload));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            onThread(() -> {
                if (waitingForInflight) {
                    waitingForInflight = false;
                    drain();
                }
            });
        }
    }

    /** An action listener whose outcome runs on the transport thread. */
    private final class Action implements IMqttActionListener {
        private final int gen;
        private final Consumer<IMqttToken> success;
        private final java.util.function.BiConsumer<IMqttToken, Throwable> failure;

        Action(int gen, Consumer<IMqttToken> success, java.util.function.BiConsumer<IMqttToken, Throwable> failure) {
            this.gen = gen;
            this.success = success;
            this.failure = failure;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            onThread(() -> success.accept(token));
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            onThread(() -> failure.accept(token, exception));
        }

        @Override
        public String toString() {
            return "Action[gen " + gen + "]";
        }
    }

    /** The room's topics and the parsing of inbound topic names. */
    static final class Topics {
        private final String prefix;
        private final String room;
        private final String self;
        private final String roomPrefix;

        record Parsed(boolean presence, String peerId) {
        }

        Topics(String prefix, String room, String self) {
            this.prefix = prefix;
            this.room = room;
            this.self = self;
            this.roomPrefix = prefix + "/" + room + "/";
        }

        static String inbox(String prefix, String room, String peerId) {
            return prefix + "/" + room + "/peers/" + peerId;
        }

        String presence(String peerId) {
            return roomPrefix + "presence/" + peerId;
        }

        String presenceFilter() {
            return roomPrefix + "presence/+";
        }

        String inbox() {
            return inbox(prefix, room, self);
        }

        /** The presence or inbox topic of this room that {@code topic} names, or {@code null} if it is none. */
        Parsed parse(String topic) {
            if (topic == null || !topic.startsWith(roomPrefix)) {
                return null;
            }
            String[] parts = topic.substring(roomPrefix.length()).split("/", -1);
            if (parts.length != 2 || !Names.isValid(parts[1])) {
                return null;
            }
            if (parts[0].equals("presence")) {
                return new Parsed(true, parts[1]);
            }
            if (parts[0].equals("peers") && parts[1].equals(self)) {
                return new Parsed(false, parts[1]);
            }
            return null;
        }
    }
}
