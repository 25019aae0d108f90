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

    @Test
    void onlyVersion13IsSpokenAndAMissingVersionIsABadRequest() {
        assertThat(WebSocketUpgrades.versionStatus("13")).isEqualTo(WebSocketUpgrades.VERSION_OK);
        assertThat(WebSocketUpgrades.versionStatus(" 13 ")).isEqualTo(WebSocketUpgrades.VERSION_OK);
        assertThat(WebSocketUpgrades.versionStatus("8")).as("hybi-08: the client may retry with 13").isEqualTo(426);
        assertThat(WebSocketUpgrades.versionStatus("14")).isEqualTo(426);
        assertThat(WebSocketUpgrades.versionStatus(null)).isEqualTo(400);
        assertThat(WebSocketUpgrades.versionStatus("")).isEqualTo(400);
    }
}
