package dev.callwire.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksUserInfoAndSecretQueryValuesKeepingTheRest() {
        assertThat(Redaction.redact(URI.create("mqtts://app:hunter2@broker.example.com:8883/acme?peerId=p1&password=hunter2&Token=t")))
                .isEqualTo("mqtts://***@broker.example.com:8883/acme?peerId=p1&password=***&Token=***");
        assertThat(Redaction.redact(URI.create("ws://127.0.0.1:8080/ws"))).isEqualTo("ws://127.0.0.1:8080/ws");
        assertThat(Redaction.redact(URI.create("mem:hub1"))).isEqualTo("mem:hub1");
    }
}
