package dev.callwire.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Issues and checks the {@code resumeKey} of a {@code welcome}: {@code <issued epoch second>.<base64url of
 * HMAC-SHA256(secret, "callwire-resume-v1\n" + room + "\n" + peerId + "\n" + issued)>}.
 *
 * <p>Why an HMAC and not 128 random bits kept in a map: the server keeps no state per key, so a key issued
 * before a restart still verifies afterwards when the operator configures the same resume secret (both peers of
 * a call keep their ids across a server restart), and there is nothing to clean up when peers vanish. Without a
 * configured secret each server gets 256 random bits, so a restarted server refuses the keys of its predecessor,
 * as the protocol requires of a server that cannot verify them. Room and peer id are inside the MAC, so a key
 * is good for one id in one room only. Keys expire after {@link #MAX_AGE}; every {@code welcome} carries a
 * fresh one. Keys are compared in constant time and never logged.
 */
final class ResumeKeys {

    /** How long a key is accepted after it was issued. */
    static final Duration MAX_AGE = Duration.ofHours(24);
    /** Clock skew tolerated for a key "issued in the future" (a server restarted on a host whose clock moved). */
    private static final long SKEW_SECONDS = 300;
    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Hmac hmac;
    private final Clock clock;

    private ResumeKeys(byte[] secret, Clock clock) {
        this.hmac = new Hmac(ALGORITHM, secret);
        this.clock = clock;
    }

    /**
     * Keys under the operator's secret ({@code null}: a random one that dies with this server).
     *
     * @param secret the configured resume secret, or {@code null}
     * @param clock  for issue times and expiry
     * @return the key issuer, never {@code null}
     */
    static ResumeKeys of(String secret, Clock clock) {
        if (secret == null) {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            return new ResumeKeys(random, clock);
        }
        // Derived, not used as is: the operator may reuse a secret elsewhere, and this key must only ever sign
        // resume keys.
        byte[] derived = new Hmac(ALGORITHM, secret.getBytes(StandardCharsets.UTF_8))
                .compute("callwire resume-key secret".getBytes(StandardCharsets.UTF_8));
        return new ResumeKeys(derived, clock);
    }

    /** A key that proves {@code peerId} was assigned in {@code room} by this server (or one sharing its secret). */
    String issue(String room, String peerId) {
        return format(room, peerId, clock.instant().getEpochSecond());
    }

    /**
     * Whether {@code presented} is a key this server (or one with the same secret) issued for {@code peerId} in
     * {@code room}, not older than {@link #MAX_AGE}.
     */
    boolean verify(String room, String peerId, String presented) {
        if (presented == null) {
            return false;
        }
        int dot = presented.indexOf('.');
        if (dot < 1 || dot > 12) {
            return false;
        }
        long issued = 0;
        for (int i = 0; i < dot; i++) {
            char c = presented.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            issued = issued * 10 + (c - '0');
        }
        long now = clock.instant().getEpochSecond();
        if (issued > now + SKEW_SECONDS || now - issued > MAX_AGE.toSeconds()) {
            return false;
        }
        byte[] expected = format(room, peerId, issued).getBytes(StandardCharsets.US_ASCII);
        // Constant time: timing must not tell an attacker how many leading characters of a guess were right.
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII));
    }

    private String format(String room, String peerId, long issued) {
        String input = "callwire-resume-v1\n" + room + "\n" + peerId + "\n" + issued;
        byte[] mac = hmac.compute(input.getBytes(StandardCharsets.UTF_8));
        return issued + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }
}
