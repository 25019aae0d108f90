package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class JoinTokensTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void formatIsExpiryDotBase64UrlHmacSha256OfRoomColonExpiry() throws Exception {
        String token = JoinTokens.mint("k", "lobby", NOW);

        long expiry = NOW.getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("k".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = expiry + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(("lobby:" + expiry).getBytes(StandardCharsets.UTF_8)));
        assertThat(token).isEqualTo(expected);
    }

    @Test
    void validUntilExpiryForThatRoomAndSecretOnly() {
        String token = JoinTokens.mint("k", "lobby", NOW.plusSeconds(60));

        assertThat(JoinTokens.isValid("k", "lobby", token, NOW)).isTrue();
        assertThat(JoinTokens.isValid("k", "lobby", token, NOW.plusSeconds(60))).isTrue();
        assertThat(JoinTokens.isValid("k", "lobby", token, NOW.plusSeconds(61))).isFalse();
        assertThat(JoinTokens.isValid("k", "other", token, NOW)).isFalse();
        assertThat(JoinTokens.isValid("k2", "lobby", token, NOW)).isFalse();
    }

    @Test
    void malformedTokensAreInvalidNotExceptions() {
        for (String token : new String[] {null, "", ".", "abc", "1.", ".abc", "x.abc", "1.%%%", "-5.abc",
                "99999999999999999999.abc", "1." + "A".repeat(200)}) {
            assertThat(JoinTokens.isValid("k", "lobby", token, NOW)).as("token %s", token).isFalse();
        }
    }

    @Test
    void mintRejectsBadInput() {
        assertThatThrownBy(() -> JoinTokens.mint("", "lobby", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> JoinTokens.mint("k", "bad room", NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("room");
        assertThatThrownBy(() -> JoinTokens.mint("k", "lobby", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }
}
