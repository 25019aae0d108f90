package dev.callwire.server;

import dev.callwire.protocol.Names;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Join tokens: proof that whoever holds the server's join secret let the bearer into one room until
 * a point in time. A server built with {@link SignalingServer.Builder#joinSecret(String)} refuses a
 * {@code join} without a valid token with {@code unauthorized}.
 *
 * <h2>Format</h2>
 * <pre>{@code
 * token   = expiry "." mac
 * expiry  = decimal Unix time in seconds, after which the token is refused
 * mac     = base64url without padding of HMAC-SHA256(key = UTF-8 secret, data = UTF-8 room ":" expiry)
 * }</pre>
 * For example, room {@code lobby} until {@code 1767225600}:
 * {@code 1767225600.} followed by 43 base64url characters. A backend in any language can mint
 * tokens with this recipe; in Java, call {@link #mint(String, String, Duration)}.
 *
 * <p>A token is bound to one room but not to a peer: anyone holding it may join that room until it
 * expires, so hand it out over an authenticated channel and keep its lifetime short.
 */
public final class JoinTokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private JoinTokens() {
    }

    /**
     * A token for {@code room} valid from now for {@code ttl}.
     *
     * @throws IllegalArgumentException if the secret is empty, the room name is invalid or the ttl not positive
     */
    public static String mint(String secret, String room, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        return mint(secret, room, Instant.now().plus(ttl));
    }

    /**
     * A token for {@code room} valid until {@code expiry} (to the second).
     *
     * @throws IllegalArgumentException if the secret is empty or the room name is invalid
     */
    public static String mint(String secret, String room, Instant expiry) {
        requireSecret(secret);
        if (!Names.isValid(room)) {
            throw new IllegalArgumentException("room must match [A-Za-z0-9._-]{1,64}, got '" + room + "'");
        }
        Objects.requireNonNull(expiry, "expiry");
        long seconds = expiry.getEpochSecond();
        return seconds + "." + BASE64URL.encodeToString(mac(secret, room, seconds));
    }

    /**
     * Whether {@code token} lets its bearer join {@code room} at {@code now}. Never throws on
     * malformed input; a {@code null} token is invalid.
     */
    public static boolean isValid(String secret, String room, String token, Instant now) {
        requireSecret(secret);
        if (token == null || room == null || token.length() > 100) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 19) {
            return false;
        }
        long expiry;
        byte[] presented;
        try {
            expiry = Long.parseLong(token.substring(0, dot));
            presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (expiry < 0 || now.getEpochSecond() > expiry) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, room, expiry), presented);
    }

    private static byte[] mac(String secret, String room, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal((room + ":" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    private static void requireSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty");
        }
    }
}
