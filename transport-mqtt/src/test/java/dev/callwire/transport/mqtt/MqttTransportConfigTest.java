package dev.callwire.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransports;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MqttTransportConfigTest {

    @Test
    void defaults() {
        MqttTransportConfig config = MqttTransportConfig.fromUri(URI.create("mqtt://broker.example.com"));
        assertThat(config.serverUri()).isEqualTo("tcp://broker.example.com:1883");
        assertThat(config.prefix()).isEqualTo("webrtc");
        assertThat(config.peerId()).isNull();
        assertThat(config.clientId()).isNull();
        assertThat(config.tls()).isFalse();
        assertThat(config.keepAlive()).isEqualTo(MqttTransportConfig.DEFAULT_KEEP_ALIVE);
        assertThat(config.settleWindow()).isEqualTo(MqttTransportConfig.DEFAULT_SETTLE_WINDOW);
    }

    @Test
    void readsEveryParameterAndTheTlsScheme() {
        MqttTransportConfig config = MqttTransportConfig.fromUri(URI.create(
                "mqtts://broker.example.com/acme/video/?peerId=desk-1&clientId=cw%2F1&username=app"
                        + "&password=p%40ss+word&keepAlive=15&settleMillis=250"));
        assertThat(config.serverUri()).isEqualTo("ssl://broker.example.com:8883");
        assertThat(config.tls()).isTrue();
        assertThat(config.prefix()).isEqualTo("acme/video");
        assertThat(config.peerId()).isEqualTo("desk-1");
        assertThat(config.clientId()).isEqualTo("cw/1");
        assertThat(config.username()).isEqualTo("app");
        assertThat(config.password()).containsExactly("p@ss+word".toCharArray());
        assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.settleWindow()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.toString()).doesNotContain("p@ss").contains("password=***");
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> MqttTransportConfig.fromUri(URI.create("mqtt://h?peerid=x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown MQTT URI parameter 'peerid'");
        assertThatThrownBy(() -> MqttTransportConfig.fromUri(URI.create("mqtt://h?peerId=a%2Bb")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peerId");
        assertThatThrownBy(() -> MqttTransportConfig.fromUri(URI.create("mqtt://h/a/%23")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> MqttTransportConfig.fromUri(URI.create("mqtt://u:secret@h")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> MqttTransportConfig.fromUri(URI.create("mqtt:opaque")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> MqttTransportConfig.fromUri(URI.create("ws://h")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MqttTransportConfig.fromUri(URI.create("mqtt://h?keepAlive=soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepAlive");
    }

    @Test
    void errorMessagesNameTheBrokerButNeverTheUserInfo() {
        // A Paho-style scheme, a host name java.net.URI cannot parse (registry authority), an opaque URI:
        // each is refused before the "no user info" check, with the URI in the message.
        for (String uri : new String[] {"tcp://app:hunter2@broker.example.com:1883",
                "mqtt://app:hunter2@broker_1.example.com:1883", "mqtt:app:hunter2@broker.example.com"}) {
            assertThatThrownBy(() -> MqttTransportConfig.fromUri(URI.create(uri))).as(uri)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("hunter2").hasMessageContaining("broker");
        }
    }

    @Test
    void isDiscoveredForBothSchemesAndDoesNoIoUntilJoined() {
        assertThat(SignalingTransports.forUri(URI.create("mqtt://127.0.0.1:1"))).isInstanceOf(MqttTransportProvider.class);
        assertThat(SignalingTransports.forUri(URI.create("mqtts://127.0.0.1:1"))).isInstanceOf(MqttTransportProvider.class);
        SignalingTransport transport = new MqttTransportProvider(b -> b.peerId("fixed"))
                .create(URI.create("mqtt://127.0.0.1:1"), TransportOptions.defaults());
        assertThat(transport.state()).isEqualTo(ConnectionState.CONNECTING);
        transport.close();
        transport.close();
        assertThat(transport.send(new dev.callwire.protocol.Join("room", null, null))).isFalse();
    }
}
