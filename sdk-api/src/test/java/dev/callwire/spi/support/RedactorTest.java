package dev.callwire.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    private static String redact(String uri) {
        return Redactor.redact(URI.create(uri));
    }

    @Test
    void masksUserInfoAndKeepsTheRestOfTheAuthority() {
        assertThat(redact("mqtts://app:hunter2@broker.example.com:8883/acme"))
                .isEqualTo("mqtts://***@broker.example.com:8883/acme");
        assertThat(redact("wss://token-only@example.com/ws")).isEqualTo("wss://***@example.com/ws");
        assertThat(redact("ws://u:p@[::1]:8080/ws")).isEqualTo("ws://***@[::1]:8080/ws");
        // An '@' inside the password: everything up to the last one is user info.
        assertThat(redact("ws://u:p@ss@example.com/ws")).isEqualTo("ws://***@example.com/ws");
    }

    @Test
    void masksUserInfoOfAnAuthorityThatIsNotAHostAndPort() {
        URI registry = URI.create("mqtt://app:hunter2@broker_1.example.com:1883/acme");
        assertThat(registry.getHost()).as("java.net.URI gives neither host nor user info here").isNull();
        assertThat(registry.getRawUserInfo()).isNull();

        assertThat(Redactor.redact(registry)).isEqualTo("mqtt://***@broker_1.example.com:1883/acme");
    }

    @ParameterizedTest
    @ValueSource(strings = {"token", "Token", "access_token", "refresh-token", "password", "passwd", "pass", "pwd",
            "key", "apiKey", "X-Api-Key", "secret", "client_secret", "credential", "credentials", "auth",
            "Authorization", "signature", "X-Amz-Signature", "sig", "sessionId", "pass%77ord"})
    void masksTheValueOfQueryParametersNamedLikeSecrets(String name) {
        assertThat(redact("wss://example.com/ws?room=r1&" + name + "=s3cr3t&peerId=p1"))
                .isEqualTo("wss://example.com/ws?room=r1&" + name + "=***&peerId=p1");
    }

    @Test
    void keepsOtherParametersAndTheQueryShape() {
        assertThat(redact("socketio+http://h:8080/?path=/socket.io/&transports=websocket,polling"))
                .isEqualTo("socketio+http://h:8080/?path=/socket.io/&transports=websocket,polling");
        assertThat(redact("mqtt://h?username=app&keepAlive=15&settleMillis=250&&flag&token="))
                .isEqualTo("mqtt://h?username=app&keepAlive=15&settleMillis=250&&flag&token=***");
        assertThat(redact("ws://h/ws?a%20b=1&token=a%20b")).isEqualTo("ws://h/ws?a%20b=1&token=***");
    }

    @Test
    void dropsTheFragment() {
        assertThat(redact("wss://example.com/ws?room=r1#access_token=s3cr3t")).isEqualTo("wss://example.com/ws?room=r1");
        assertThat(redact("mem:hub1#s3cr3t")).isEqualTo("mem:hub1");
    }

    @Test
    void masksOpaqueUrisBeforeTheirAtSignAndInTheirQuery() {
        assertThat(redact("mem:hub1")).isEqualTo("mem:hub1");
        assertThat(redact("turn:turn.example.com:3478?transport=udp")).isEqualTo("turn:turn.example.com:3478?transport=udp");
        assertThat(redact("mqtt:app:hunter2@broker.example.com")).isEqualTo("mqtt:***@broker.example.com");
        assertThat(redact("foo:bar?x=1&password=hunter2")).isEqualTo("foo:bar?x=1&password=***");
    }

    @Test
    void keepsUrisWithoutSecretsAsTheyAre() {
        assertThat(redact("ws://127.0.0.1:8080/ws")).isEqualTo("ws://127.0.0.1:8080/ws");
        assertThat(redact("ws:/just/a/path")).isEqualTo("ws:/just/a/path");
        assertThat(redact("mqtt:///acme")).isEqualTo("mqtt:///acme");
        assertThat(redact("//u:p@h/relative")).isEqualTo("//***@h/relative");
    }

    @Test
    void nullIsTheWordNull() {
        assertThat(Redactor.redact(null)).isEqualTo("null");
    }
}
