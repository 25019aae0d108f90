package dev.callwire.transport.mqtt.internal;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Paho client that never opens a socket: it records what it is asked and answers as the test says. Written
 * by hand rather than mocked, because instrumenting Paho's client class costs a second per test JVM.
 */
final class FakePahoClient extends MqttAsyncClient {

    /** One publish as the transport asked for it. */
    record Published(String topic, String payload, int qos, boolean retained) {
    }

    /** How the next connect attempts end: 0 = accepted at once; an MQTT reason code = refused at once. */
    volatile int connectOutcome;
    /** When set, connect attempts wait: the test ends them through {@link #connectListeners}. */
    volatile boolean holdConnects;
    /** What the broker grants a subscription. */
    volatile int[] grantedQos = {1, 1};
    /** Reason codes the next publishes fail with, in order; empty = accepted. */
    private final Deque<Integer> publishFailures = new ArrayDeque<>();

    final List<IMqttActionListener> connectListeners = new CopyOnWriteArrayList<>();
    final List<MqttConnectOptions> connectOptions = new CopyOnWriteArrayList<>();
    final List<List<String>> subscriptions = new CopyOnWriteArrayList<>();
    final List<List<String>> unsubscriptions = new CopyOnWriteArrayList<>();
    final List<Published> published = new CopyOnWriteArrayList<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    volatile MqttCallback callback;

    FakePahoClient() throws MqttException {
        super("tcp://127.0.0.1:1883", "fake", new MemoryPersistence());
    }

    @Override
    public void setCallback(MqttCallback callback) {
        this.callback = callback;
    }

    @Override
    public IMqttToken connect(MqttConnectOptions options, Object userContext, IMqttActionListener listener) {
        connectOptions.add(options);
        connectListeners.add(listener);
        if (!holdConnects) {
            if (connectOutcome == 0) {
                listener.onSuccess(null);
            } else {
                listener.onFailure(null, new MqttException(connectOutcome));
            }
        }
        return null;
    }

    @Override
    public IMqttToken subscribe(String[] topics, int[] qos, Object userContext, IMqttActionListener listener) {
        subscriptions.add(List.of(topics));
        listener.onSuccess(token(grantedQos));
        return null;
    }

    @Override
    public IMqttToken unsubscribe(String[] topics) {
        unsubscriptions.add(List.of(topics));
        return null;
    }

    @Override
    public IMqttDeliveryToken publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        Integer failure;
        synchronized (publishFailures) {
            failure = publishFailures.poll();
        }
        if (failure != null) {
            throw new MqttException(failure);
        }
        published.add(new Published(topic, new String(payload, StandardCharsets.UTF_8), qos, retained));
        return null;
    }

    @Override
    public void disconnectForcibly(long quiesceTimeout, long disconnectTimeout, boolean sendDisconnectPacket) {
        disconnects.add(quiesceTimeout + "/" + disconnectTimeout + "/" + sendDisconnectPacket);
    }

    @Override
    public void close(boolean force) {
        closed = true;
    }

    @Override
    public IMqttDeliveryToken[] getPendingDeliveryTokens() {
        return new IMqttDeliveryToken[0];
    }

    /** A token that only knows the granted QoS, which is all the transport reads of it. */
    static IMqttToken token(int[] grantedQos) {
        return (IMqttToken) Proxy.newProxyInstance(IMqttToken.class.getClassLoader(), new Class<?>[] {IMqttToken.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getGrantedQos" -> grantedQos.clone();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "token granting " + java.util.Arrays.toString(grantedQos);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Makes the next publishes fail with these MQTT reason codes, one each, in order. */
    void failNextPublishes(int... reasons) {
        synchronized (publishFailures) {
            for (int reason : reasons) {
                publishFailures.add(reason);
            }
        }
    }

    List<Published> publishedTo(String topic) {
        return published.stream().filter(p -> p.topic().equals(topic)).toList();
    }
}
