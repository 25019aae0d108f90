package dev.callwire.transport.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A plain Paho client for tests: publishes whatever it is told and records what it sees. */
final class RawMqtt implements AutoCloseable {

    private final MqttClient client;
    /** Received messages as "topic payload", in order. */
    final List<String> received = new CopyOnWriteArrayList<>();
    /** Last payload per topic. */
    final Map<String, String> last = new ConcurrentHashMap<>();

    RawMqtt(String serverUri, String clientId) throws MqttException {
        this(serverUri, clientId, null, null);
    }

    /** Logged in as {@code username}, when not {@code null}. */
    RawMqtt(String serverUri, String clientId, String username, String password) throws MqttException {
        client = new MqttClient(serverUri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
    }

    boolean isConnected() {
        return client.isConnected();
    }

    void subscribe(String filter) throws MqttException {
        client.subscribe(filter, 1, (topic, message) -> {
            String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
            received.add(topic + " " + payload);
            last.put(topic, payload);
        });
    }

    void publish(String topic, String payload, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
    }

    void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, payload, 1, retained);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2000);
        }
        client.close();
    }
}
