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

    @Test
    void aTokenValidForLongerThanTheMaximumLifetimeIsRefused() {
        String hundredYears = JoinTokens.mint("k", "lobby", NOW.plus(Duration.ofDays(36_525)));
        String justOver = JoinTokens.mint("k", "lobby", NOW.plus(JoinTokens.MAX_LIFETIME).plusSeconds(1));
        String atMost = JoinTokens.mint("k", "lobby", NOW.plus(JoinTokens.MAX_LIFETIME));

        assertThat(JoinTokens.isValid("k", "lobby", hundredYears, NOW)).isFalse();
        assertThat(JoinTokens.isValid("k", "lobby", justOver, NOW)).isFalse();
        assertThat(JoinTokens.isValid("k", "lobby", atMost, NOW)).isTrue();
        assertThat(JoinTokens.isValid("k", "lobby", justOver, NOW.plusSeconds(1)))
                .as("refused while too far away, valid once within the maximum").isTrue();
        assertThatThrownBy(() -> JoinTokens.mint("k", "lobby", JoinTokens.MAX_LIFETIME.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }

    @Test
    void onlyTheCanonicalSpellingIsAccepted() {
        String token = JoinTokens.mint("k", "lobby", NOW.plusSeconds(60));
        int dot = token.indexOf('.');
        String expiry = token.substring(0, dot);
        String mac = token.substring(dot + 1);
        assertThat(JoinTokens.isValid("k", "lobby", token, NOW)).isTrue();

        byte[] raw = Base64.getUrlDecoder().decode(mac);
        char last = mac.charAt(mac.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // The 43rd character carries 2 unused bits; a different character with the same 4 used bits decodes alike.
        char sameBits = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String unusedBitsSet = expiry + "." + mac.substring(0, mac.length() - 1) + sameBits;
        assertThat(Base64.getUrlDecoder().decode(unusedBitsSet.substring(dot + 1))).isEqualTo(raw);

        for (String variant : new String[] {
                "+" + token,                                   // sign
                "0" + token,                                   // leading zero
                expiry + "." + mac + "=",                      // padding
                token + "\n", " " + token,                     // whitespace
                unusedBitsSet}) {
            assertThat(JoinTokens.isValid("k", "lobby", variant, NOW)).as("variant %s", variant).isFalse();
        }
    }
}
