package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebSocketUpgradesTest {

    @Test
    void theAcceptOfRfc6455sExample() {
        // RFC 6455 section 1.3.
        assertThat(WebSocketUpgrades.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void keysThatAreNotSixteenBase64BytesAreRefused() {
        assertThat(WebSocketUpgrades.acceptFor(null)).isNull();
        assertThat(WebSocketUpgrades.acceptFor("")).isNull();
        assertThat(WebSocketUpgrades.acceptFor("not base64 at all!!!!!!!")).isNull();
        assertThat(WebSocketUpgrades.acceptFor("dGhlIHNhbXBsZQ==")).as("10 bytes").isNull();
    }
}
