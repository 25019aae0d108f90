package dev.callwire.server.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ResumeKeysTest {

    private static final Instant NOW = Instant.parse("2026-11-30T07:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aKeyIsGoodForItsIdInItsRoomOnly() {
        ResumeKeys keys = ResumeKeys.of("a-configured-secret", CLOCK);
        String key = keys.issue("lobby", "peer-1");

        assertThat(key).matches("[0-9]+\\.[A-Za-z0-9_-]{43}");
        assertThat(keys.verify("lobby", "peer-1", key)).isTrue();
        assertThat(keys.verify("lobby", "peer-2", key)).as("another id").isFalse();
        assertThat(keys.verify("other", "peer-1", key)).as("another room").isFalse();
        assertThat(keys.verify("lobby", "peer-1", null)).as("no key").isFalse();
        assertThat(keys.verify("lobby", "peer-1", "x" + key)).as("junk in the epoch").isFalse();
        assertThat(keys.verify("lobby", "peer-1", key + "x")).as("longer").isFalse();
        assertThat(keys.verify("lobby", "peer-1", "")).isFalse();
        assertThat(keys.verify("lobby", "peer-1", ".")).isFalse();
        assertThat(keys.verify("lobby", "peer-1", "99999999999999999999.abc")).as("epoch overflow").isFalse();
    }

    @Test
    void aKeyIsTheDocumentedHmacComputedAfresh() throws Exception {
        // The issuer clones one initialised Mac per key; this computes the documented format with a new Mac.
        byte[] derived = hmacSha256("a-configured-secret".getBytes(UTF_8), "callwire resume-key secret".getBytes(UTF_8));
        String input = "callwire-resume-v1\nlobby\npeer-1\n" + NOW.getEpochSecond();
        String expected = NOW.getEpochSecond() + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(hmacSha256(derived, input.getBytes(UTF_8)));

        assertThat(ResumeKeys.of("a-configured-secret", CLOCK).issue("lobby", "peer-1")).isEqualTo(expected);
    }

    @Test
    void keysIssuedOnFourThreadsAtOnceAreTheKeysIssuedOnOne() throws Exception {
        ResumeKeys keys = ResumeKeys.of("a-configured-secret", CLOCK);
        List<String> sequential = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sequential.add(keys.issue("lobby", "peer-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String peer = "peer-" + i;
                tasks.add(() -> keys.issue("lobby", peer));
            }
            List<String> concurrent = new ArrayList<>();
            for (Future<String> key : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
                concurrent.add(key.get());
            }
            assertThat(concurrent).isEqualTo(sequential);
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] hmacSha256(byte[] secret, byte[] input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal(input);
    }

    @Test
    void everyCharacterOfTheMacCounts() {
        // verify() compares the whole key with MessageDigest.isEqual, whose time does not depend on where the first
        // difference is; here: a difference at the first and at the last character of the MAC is refused alike.
        ResumeKeys keys = ResumeKeys.of("a-configured-secret", CLOCK);
        String key = keys.issue("lobby", "peer-1");
        int macStart = key.indexOf('.') + 1;
        for (int i : new int[] {macStart, key.length() - 1}) {
            char flipped = key.charAt(i) == 'A' ? 'B' : 'A';
            String wrong = key.substring(0, i) + flipped + key.substring(i + 1);
            assertThat(keys.verify("lobby", "peer-1", wrong)).as("changed at %d", i).isFalse();
        }
    }

    @Test
    void aKeyWithAnotherEpochDoesNotVerify() {
        ResumeKeys keys = ResumeKeys.of("a-configured-secret", CLOCK);
        String key = keys.issue("lobby", "peer-1");
        String mac = key.substring(key.indexOf('.'));

        assertThat(keys.verify("lobby", "peer-1", (NOW.getEpochSecond() - 1) + mac))
                .as("the epoch is inside the MAC").isFalse();
    }

    @Test
    void aRestartedServerWithTheSameSecretVerifiesTheKeysOfItsPredecessor() {
        String key = ResumeKeys.of("a-configured-secret", CLOCK).issue("lobby", "peer-1");

        ResumeKeys restarted = ResumeKeys.of("a-configured-secret", Clock.offset(CLOCK, Duration.ofMinutes(5)));
        assertThat(restarted.verify("lobby", "peer-1", key)).isTrue();
        assertThat(ResumeKeys.of("another-secret-entirely", CLOCK).verify("lobby", "peer-1", key)).isFalse();
        assertThat(ResumeKeys.of(null, CLOCK).verify("lobby", "peer-1", key)).as("random secret").isFalse();
    }

    @Test
    void withoutAConfiguredSecretKeysDieWithTheServer() {
        ResumeKeys first = ResumeKeys.of(null, CLOCK);
        String key = first.issue("lobby", "peer-1");

        assertThat(first.verify("lobby", "peer-1", key)).isTrue();
        assertThat(ResumeKeys.of(null, CLOCK).verify("lobby", "peer-1", key)).isFalse();
    }

    @Test
    void keysExpire() {
        String key = ResumeKeys.of("a-configured-secret", CLOCK).issue("lobby", "peer-1");

        assertThat(ResumeKeys.of("a-configured-secret", Clock.offset(CLOCK, ResumeKeys.MAX_AGE))
                .verify("lobby", "peer-1", key)).isTrue();
        assertThat(ResumeKeys.of("a-configured-secret", Clock.offset(CLOCK, ResumeKeys.MAX_AGE.plusSeconds(1)))
                .verify("lobby", "peer-1", key)).isFalse();
        assertThat(ResumeKeys.of("a-configured-secret", Clock.offset(CLOCK, Duration.ofHours(-1)))
                .verify("lobby", "peer-1", key)).as("issued an hour in the future").isFalse();
    }

    @Test
    void keysAreFreshPerIssueAndUnguessable() {
        ResumeKeys keys = ResumeKeys.of(null, CLOCK);
        // 256-bit HMAC output: two ids never share a key, and nothing of the secret shows.
        assertThat(keys.issue("lobby", "peer-1")).isNotEqualTo(keys.issue("lobby", "peer-2"));
        assertThat(ResumeKeys.of("a-configured-secret", CLOCK).issue("lobby", "peer-1"))
                .doesNotContain("a-configured-secret");
    }
}
