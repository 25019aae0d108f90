package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.TransportOptions;
import dev.callwire.transport.mqtt.MqttTransportConfig;
import java.time.Duration;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

class ConnectOptionsTest {

    private final Topics topics = new Topics("webrtc", "lobby", "alice");

    @Test
    void everyAttemptStartsCleanWithOurLastWillClearingOurPresence() {
        MqttTransportConfig config = MqttTransportConfig.builder("127.0.0.1").keepAlive(Duration.ofSeconds(7)).build();

        MqttConnectOptions o = ConnectOptions.of(config, TransportOptions.defaults(), topics);

        assertThat(o.isCleanSession()).isTrue();
        assertThat(o.isAutomaticReconnect()).as("reconnection is ours: it must re-welcome").isFalse();
        assertThat(o.getMqttVersion()).isEqualTo(MqttConnectOptions.MQTT_VERSION_3_1_1);
        assertThat(o.getKeepAliveInterval()).isEqualTo(7);
        assertThat(o.getMaxInflight()).isEqualTo(ConnectOptions.MAX_INFLIGHT);
        assertThat(o.getWillDestination()).isEqualTo("webrtc/lobby/presence/alice");
        assertThat(o.getWillMessage().getPayload()).isEmpty();
        assertThat(o.getWillMessage().isRetained()).isTrue();
        assertThat(o.getWillMessage().getQos()).isEqualTo(1);
        assertThat(o.getUserName()).isNull();
        assertThat(o.getSocketFactory()).isNull();
    }

    @Test
    void theConnectTimeoutIsRoundedUpToWholeSecondsAndNeverZero() {
        MqttTransportConfig config = MqttTransportConfig.builder("127.0.0.1").build();

        assertThat(ConnectOptions.of(config, timeout(Duration.ofMillis(200)), topics).getConnectionTimeout()).isEqualTo(1);
        assertThat(ConnectOptions.of(config, timeout(Duration.ofMillis(1500)), topics).getConnectionTimeout()).isEqualTo(2);
        assertThat(ConnectOptions.of(config, timeout(Duration.ofSeconds(10)), topics).getConnectionTimeout()).isEqualTo(10);
    }

    @Test
    void credentialsAndTlsComeFromTheConfiguration() {
        // A caller's factory (e.g. a private CA's); the JVM default SSL one is slow to make and tested by no one here.
        SocketFactory custom = SocketFactory.getDefault();
        MqttTransportConfig tls = MqttTransportConfig.builder("broker.example.com").tls(true).username("app")
                .password("secret".toCharArray()).socketFactory(custom).build();
        MqttTransportConfig plainWithFactory = MqttTransportConfig.builder("127.0.0.1").socketFactory(custom).build();

        MqttConnectOptions o = ConnectOptions.of(tls, TransportOptions.defaults(), topics);
        assertThat(o.getUserName()).isEqualTo("app");
        assertThat(o.getPassword()).containsExactly("secret".toCharArray());
        assertThat(o.getSocketFactory()).isSameAs(custom);
        assertThat(o.isHttpsHostnameVerificationEnabled()).isTrue();
        assertThat(ConnectOptions.of(plainWithFactory, TransportOptions.defaults(), topics).getSocketFactory())
                .isSameAs(custom);
    }

    private static TransportOptions timeout(Duration timeout) {
        return TransportOptions.builder().connectTimeout(timeout).build();
    }
}
