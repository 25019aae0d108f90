package dev.callwire.server.internal;

import dev.callwire.IceServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * coturn's REST credentials ({@code use-auth-secret}): {@code username = "<unix-expiry>:<peerId>"},
 * {@code credential = base64(HMAC-SHA1(secret, username))}. One per server: the secret's key is set up once.
 */
final class TurnCredentials {

    private final Hmac hmac;
    private final List<String> urls;

    /** @param secret coturn's {@code static-auth-secret}; @param urls the TURN URLs the credentials are good for */
    TurnCredentials(String secret, List<String> urls) {
        this.hmac = new Hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8));
        this.urls = List.copyOf(urls);
    }

    IceServer issue(String peerId, Instant expiry) {
        String username = expiry.getEpochSecond() + ":" + peerId;
        byte[] credential = hmac.compute(username.getBytes(StandardCharsets.UTF_8));
        return new IceServer(urls, username, Base64.getEncoder().encodeToString(credential));
    }
}
