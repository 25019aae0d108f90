package dev.callwire.server;

import dev.callwire.protocol.Names;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
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
 * <p>Exactly one spelling of a token is accepted, the one {@link #mint} produces: the expiry in decimal
 * digits without sign or leading zeros, one dot, and the 43-character MAC (no padding, unused bits zero).
 * A token whose expiry lies more than {@link #MAX_LIFETIME} after the moment it is checked is refused, so a
 * leaked or mis-minted long-lived token cannot be used for years.
 *
 * <p>A token is bound to one room but not to a peer: anyone holding it may join that room until it
 * expires, so hand it out over an authenticated channel and keep its lifetime short.
 */
public final class JoinTokens {

    /** Longest validity a token may have left when it is checked: tokens are meant for one call, not for years. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(1);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /** Decimal Unix seconds without sign or leading zero (at most 18 digits, so it fits a long), a dot, 43 base64url. */
    private static final Pattern CANONICAL = Pattern.compile("(0|[1-9][0-9]{0,17})\\.[A-Za-z0-9_-]{43}");

    private JoinTokens() {
    }

    /**
     * A token for {@code room} valid from now for {@code ttl}.
     *
     * @throws IllegalArgumentException if the secret is empty, the room name is invalid or the ttl not positive
     *                                  or over {@link #MAX_LIFETIME}
     */
    public static String mint(String secret, String room, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        if (ttl.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("ttl must be at most " + MAX_LIFETIME + " (servers refuse longer-lived "
                    + "tokens), got " + ttl);
        }
        return mint(secret, room, Instant.now().plus(ttl));
    }

    /**
     * A token for {@code room} valid until {@code expiry} (to the second). Servers refuse it while
     * {@code expiry} is more than {@link #MAX_LIFETIME} away.
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
        if (seconds < 0) {
            throw new IllegalArgumentException("expiry must not be before 1970, got " + expiry);
        }
        return seconds + "." + BASE64URL.encodeToString(mac(secret, room, seconds));
    }

    /**
     * Whether {@code token} lets its bearer join {@code room} at {@code now}. Never throws on
     * malformed input; a {@code null} token is invalid.
     */
    public static boolean isValid(String secret, String room, String token, Instant now) {
        requireSecret(secret);
        if (token == null || room == null || token.length() > 100 || !CANONICAL.matcher(token).matches()) {
            return false;
        }
        long expiry = Long.parseLong(token, 0, token.indexOf('.'), 10); // cannot fail: the pattern allows 18 digits
        long nowSeconds = now.getEpochSecond();
        if (nowSeconds > expiry || expiry - nowSeconds > MAX_LIFETIME.getSeconds()) {
            return false;
        }
        // Comparing whole canonical strings also refuses a MAC whose unused low bits were set.
        String expected = expiry + "." + BASE64URL.encodeToString(mac(secret, room, expiry));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
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
