package dev.callwire.transport.mqtt.internal;

import dev.callwire.TransportOptions;
import dev.callwire.transport.mqtt.MqttTransportConfig;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/** Paho's connect options for one transport: what the configuration and the protocol ask of each attempt. */
final class ConnectOptions {

    /** QoS of every publish and subscription: at least once, so no signaling message is lost to a broker. */
    static final int QOS = 1;
    /** Paho's limit of unacknowledged QoS 1 publishes; beyond it, messages wait in the outbox. */
    static final int MAX_INFLIGHT = 1000;

    private ConnectOptions() {
    }

    static MqttConnectOptions of(MqttTransportConfig config, TransportOptions options, Topics topics) {
        MqttConnectOptions o = new MqttConnectOptions();
        // Nothing is carried over from an earlier session: a reconnect subscribes again and gets a fresh welcome.
        o.setCleanSession(true);
        // Reconnection is BrokerConnection's, because it must resubscribe and re-welcome before CONNECTED.
        o.setAutomaticReconnect(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        long timeoutSeconds = (options.connectTimeout().toMillis() + 999) / 1000; // Paho counts whole seconds
        o.setConnectionTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutSeconds)));
        o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        o.setMaxInflight(MAX_INFLIGHT);
        // If this client vanishes without a goodbye, the broker clears its presence: the others see "left".
        o.setWill(topics.presence(topics.self()), new byte[0], QOS, true);
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
        return o;
    }
}
