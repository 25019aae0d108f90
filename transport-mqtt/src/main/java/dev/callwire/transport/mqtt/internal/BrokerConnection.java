package dev.callwire.transport.mqtt.internal;

import dev.callwire.TransportOptions;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.spi.support.Backoff;
import dev.callwire.transport.mqtt.MqttTransportConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Paho client of one transport: connects with this peer's last will, subscribes to the room's presence
 * and to its own inbox, and reconnects with a jittered {@link Backoff} when the connection fails or drops.
 * Paho's automatic reconnect is off because a reconnect must resubscribe, publish presence again and produce
 * a fresh {@code welcome} before {@code CONNECTED} is reported; that is the owner's part, told through
 * {@link Events}.
 *
 * <p>Threads: Paho's callbacks only copy and hand over to the transport's loop; every other
 * method runs on that loop, except {@link #publish(Outbox.Entry)}, which the outbox may call from a sender's
 * thread (Paho's client is thread-safe).
 */
final class BrokerConnection implements Outbox.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);
    private static final int QOS = ConnectOptions.QOS;
    private static final long CLOSE_QUIESCE_MILLIS = 1000;
    private static final int SUBSCRIPTION_REFUSED = 0x80;

    /** Makes the Paho client for a server URI and client id; a test hands in a fake. */
    @FunctionalInterface
    interface ClientFactory {
        MqttAsyncClient create(String serverUri, String clientId) throws MqttException;
    }

    /**
     * Paho's asynchronous client, keeping nothing on disk (a clean session has nothing worth keeping) and
     * reading no inbound message beyond the protocol's size limit into memory.
     */
    static final ClientFactory PAHO = (serverUri, clientId) ->
            new BoundedPahoClient(serverUri, clientId, ProtocolCodec.MAX_MESSAGE_BYTES);

    /** What happens to the connection, told on the loop. */
    interface Events {
        /** Connected (again); subscribing now. */
        void connected();

        /** Both subscriptions were granted: retained presence is on its way. */
        void subscribed();

        /** The connection dropped; a reconnect is scheduled. */
        void lost(Throwable cause);

        /** The broker refused this client in a way retrying cannot fix. */
        void refused(Throwable cause);

        /** A message on one of the subscribed topics. */
        void arrived(String topic, byte[] payload);

        /** The broker acknowledged a publish: the in-flight window has room again. */
        void acknowledged();
    }

    private final MqttTransportConfig config;
    private final TransportOptions options;
    private final String clientId;
    private final Topics topics;
    private final ClientFactory clientFactory;
    /** Hands a task to the transport's loop; Paho's callbacks go through it. */
    private final Executor loop;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final Events events;
    private final String context;

    // Confined to the loop, except `client`, which is set before the first publish can reach it.
    private volatile MqttAsyncClient client;
    /** Counts attempts; a Paho callback of an earlier one is ignored. */
    private int generation;
    private boolean connected;
    private boolean left;
    private boolean terminated;
    private Future<?> pendingConnect;

    BrokerConnection(MqttTransportConfig config, TransportOptions options, String clientId, Topics topics,
                     ClientFactory clientFactory, Executor loop, Scheduler scheduler, Backoff backoff, Events events,
                     String context) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.events = Objects.requireNonNull(events, "events");
        this.context = context;
    }

    /** Makes the client and starts the first attempt; a server URI Paho refuses is reported as refused. */
    void open() {
        try {
            client = clientFactory.create(config.serverUri(), clientId);
        } catch (MqttException | IllegalArgumentException e) {
            events.refused(e);
            return;
        }
        client.setCallback(new Callback());
        LOG.info("MQTT {}: connecting to {} as client {} (topics {}/{}/...)", context, config.serverUri(),
                config.clientId() != null ? clientId : clientId.substring(0, clientId.lastIndexOf('-') + 1) + "***",
                config.prefix(), topics.room());
        connect();
    }

    boolean isConnected() {
        return connected;
    }

    /** The room was joined on this connection: the next failure starts the backoff from its minimum again. */
    void welcomed() {
        backoff.reset();
    }

    /** A one-off retained publish (presence); a failure is logged, the connection's loss is handled elsewhere. */
    void publishRetained(String topic, byte[] payload, String what) {
        try {
            client.publish(topic, payload, QOS, true);
        } catch (MqttException e) {
            LOG.warn("MQTT {}: publishing {} failed: {}", context, what, describe(e));
        }
    }

    /** Publishes a directed message at QoS 1. Any thread. */
    @Override
    public Outbox.Result publish(Outbox.Entry entry) {
        try {
            client.publish(entry.topic(), entry.payload(), QOS, false);
            if (LOG.isTraceEnabled()) {
                LOG.trace("MQTT {} -> {}", context, entry.description());
            }
            return Outbox.Result.SENT;
        } catch (MqttException e) {
            int reason = e.getReasonCode();
            if (reason == MqttException.REASON_CODE_MAX_INFLIGHT) {
                return Outbox.Result.FULL; // resumed by acknowledged()
            }
            if (reason == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                    || reason == MqttException.REASON_CODE_CLIENT_DISCONNECTING
                    || reason == MqttException.REASON_CODE_CLIENT_CLOSED) {
                return Outbox.Result.GONE; // kept; sent after the reconnect
            }
            LOG.warn("MQTT {}: dropping {}: publish failed: {}", context, entry.description(), describe(e));
            return Outbox.Result.FAILED;
        }
    }

    /** The room was left: no more reconnects; the connection stays, without subscriptions, until closed. */
    void leave() {
        left = true;
        cancelPendingConnect();
        if (connected) {
            try {
                client.unsubscribe(new String[] {topics.presenceFilter(), topics.inboxFilter()});
            } catch (MqttException e) {
                LOG.debug("MQTT {}: unsubscribing failed: {}", context, describe(e));
            }
        }
    }

    /** Ends the connection for good; {@code graceful} lets what was published go out first. */
    void close(boolean graceful) {
        if (terminated) {
            return;
        }
        terminated = true;
        cancelPendingConnect();
        generation++;
        MqttAsyncClient c = client;
        if (c != null) {
            try {
                if (connected && graceful) {
                    c.disconnectForcibly(CLOSE_QUIESCE_MILLIS, CLOSE_QUIESCE_MILLIS, true);
                } else {
                    c.disconnectForcibly(0, 0, false);
                }
            } catch (MqttException e) {
                LOG.debug("MQTT {}: disconnecting: {}", context, describe(e));
            }
            try {
                c.close(true);
            } catch (MqttException e) {
                LOG.debug("MQTT {}: closing the client: {}", context, describe(e));
            }
        }
        connected = false;
    }

    private void connect() {
        pendingConnect = null;
        if (left || terminated) {
            return;
        }
        int gen = ++generation;
        MqttConnectOptions o = ConnectOptions.of(config, options, topics);
        try {
            client.connect(o, null, new Action(token -> onConnected(gen), (token, e) -> onConnectFailed(gen, e)));
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
        events.connected();
        LOG.debug("MQTT {}: connected to {}, subscribing", context, config.serverUri());
        try {
            client.subscribe(new String[] {topics.presenceFilter(), topics.inboxFilter()}, new int[] {QOS, QOS}, null,
                    new Action(token -> onSubscribed(gen, token), (token, e) -> onSubscribeFailed(gen, e)));
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
                if (qos == SUBSCRIPTION_REFUSED) {
                    events.refused(new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED));
                    return;
                }
            }
        }
        events.subscribed();
    }

    private void onSubscribeFailed(int gen, Throwable e) {
        if (gen != generation || terminated) {
            return;
        }
        if (e instanceof MqttException m && m.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
            events.refused(e); // refused by the broker (ACLs): retrying will not help
            return;
        }
        LOG.warn("MQTT {}: subscribing failed ({}), reconnecting", context, describe(e));
        disconnectQuietly();
        onConnectionLost(e);
    }

    private void onConnectFailed(int gen, Throwable e) {
        if (gen != generation || terminated) {
            return;
        }
        connected = false;
        if (isFatal(e)) {
            events.refused(e);
            return;
        }
        Duration delay = backoff.next();
        LOG.warn("MQTT {}: connecting to {} failed ({}), retrying in {} ms", context, config.serverUri(), describe(e),
                delay.toMillis());
        pendingConnect = scheduler.schedule(this::connect, delay);
    }

    private void onConnectionLost(Throwable cause) {
        if (terminated) {
            return;
        }
        generation++; // callbacks of the lost connection are stale from now on
        connected = false;
        cancelPendingConnect();
        if (left) {
            return;
        }
        IMqttDeliveryToken[] unacknowledged = client.getPendingDeliveryTokens();
        if (unacknowledged.length > 0) {
            LOG.warn("MQTT {}: {} sent message(s) were not acknowledged before the connection dropped and may be lost",
                    context, unacknowledged.length);
        }
        Duration delay = backoff.next();
        LOG.warn("MQTT {}: connection to {} lost ({}), reconnecting in {} ms", context, config.serverUri(),
                describe(cause), delay.toMillis());
        events.lost(cause);
        pendingConnect = scheduler.schedule(this::connect, delay);
    }

    private void disconnectQuietly() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            LOG.debug("MQTT {}: dropping the connection: {}", context, describe(e));
        }
        connected = false;
    }

    private void cancelPendingConnect() {
        if (pendingConnect != null) {
            pendingConnect.cancel(false);
            pendingConnect = null;
        }
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

    /** For log lines: Paho's message, its reason code and the cause. */
    static String describe(Throwable e) {
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

    /** Paho's callbacks, which only copy and hand over to the loop. */
    private final class Callback implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
            LOG.debug("MQTT {}: Paho reports the connection lost: {}", context, describe(cause));
            loop.execute(() -> {
                if (connected) {
                    onConnectionLost(cause);
                }
            });
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] payload = message.getPayload().clone();
            loop.execute(() -> events.arrived(topic, payload));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            loop.execute(events::acknowledged);
        }
    }

    /** An action listener whose outcome runs on the loop. */
    private final class Action implements IMqttActionListener {
        private final Consumer<IMqttToken> success;
        private final BiConsumer<IMqttToken, Throwable> failure;

        Action(Consumer<IMqttToken> success, BiConsumer<IMqttToken, Throwable> failure) {
            this.success = success;
            this.failure = failure;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            loop.execute(() -> success.accept(token));
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            loop.execute(() -> failure.accept(token, exception));
        }
    }
}
