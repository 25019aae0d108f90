package dev.callwire.server.internal;

import dev.callwire.IceServer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * coturn's REST credentials ({@code use-auth-secret}): {@code username = "<unix-expiry>:<peerId>"},
 * {@code credential = base64(HMAC-SHA1(secret, username))}.
 */
final class TurnCredentials {

    private TurnCredentials() {
    }

    static IceServer issue(String secret, List<String> urls, String peerId, Instant expiry) {
        String username = expiry.getEpochSecond() + ":" + peerId;
        return new IceServer(urls, username, hmacSha1Base64(secret, username));
    }

    static String hmacSha1Base64(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every JDK", e);
        }
    }
}
