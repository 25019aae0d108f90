package dev.callwire.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration MIN = Duration.ofMillis(250);
    private static final Duration MAX = Duration.ofSeconds(5);

    @Test
    void backoffDoublesFromTheMinimumUpToTheMaximumWithJitterNeverBelowTheMinimum() {
        Duration min = Duration.ofMillis(250);
        Duration max = Duration.ofSeconds(5);
        assertThat(Backoff.delayMillis(0, min, max, 0.0)).isEqualTo(250);
        assertThat(Backoff.delayMillis(1, min, max, 0.0)).isEqualTo(500);
        assertThat(Backoff.delayMillis(2, min, max, 0.0)).isEqualTo(1000);
        assertThat(Backoff.delayMillis(5, min, max, 0.0)).isEqualTo(5000);
        assertThat(Backoff.delayMillis(1000, min, max, 0.0)).isEqualTo(5000);
        assertThat(Backoff.delayMillis(0, min, max, 0.99)).isEqualTo(250);
        assertThat(Backoff.delayMillis(2, min, max, 0.99)).isBetween(500L, 1000L);
        assertThat(Backoff.delayMillis(40, Duration.ofDays(1), Duration.ofDays(2), 0.5))
                .isBetween(Duration.ofDays(1).toMillis(), Duration.ofDays(2).toMillis());
    }

    @Test
    void aHugeMinimumNeverOverflowsIntoANegativeOrTinyDelay() {
        Duration min = Duration.ofDays(200);
        Duration max = Duration.ofDays(400);
        for (int failures : new int[] {0, 1, 2, 20, 40, 62, 63, 64, Integer.MAX_VALUE}) {
            assertThat(Backoff.delayMillis(failures, min, max, 0.0)).as("after %d failures", failures)
                    .isBetween(min.toMillis(), max.toMillis());
        }
    }

    @Test
    void eachDelayLiesInTheUpperHalfOfItsExponentialStepAndResetStartsOver() {
        Backoff backoff = new Backoff(MIN, MAX, new Random(7));
        long[] steps = {250, 500, 1000, 2000, 4000, 5000, 5000};
        for (long step : steps) {
            assertThat(backoff.next().toMillis()).isBetween(Math.max(250, step / 2), step);
        }
        assertThat(backoff.failures()).isEqualTo(steps.length);

        backoff.reset();

        assertThat(backoff.failures()).isZero();
        assertThat(backoff.next()).isEqualTo(MIN);
    }

    @Test
    void clientsThatFailTogetherSpreadOutInsteadOfRetryingInLockstep() {
        // 50 clients lose the broker at the same moment; each has its own random source.
        List<Backoff> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(new Backoff(MIN, MAX, new Random(1000 + i)));
        }
        Set<Long> thirdAttemptAt = new HashSet<>();
        for (Backoff client : clients) {
            long at = client.next().toMillis() + client.next().toMillis() + client.next().toMillis();
            thirdAttemptAt.add(at);
        }
        assertThat(thirdAttemptAt).as("distinct times of the third attempt").hasSizeGreaterThan(40);
    }

    @Test
    void aSeededRandomGivesTheSameDelaysEveryTime() {
        Backoff first = new Backoff(MIN, MAX, new Random(42));
        Backoff second = new Backoff(MIN, MAX, new Random(42));
        for (int i = 0; i < 10; i++) {
            assertThat(first.next()).isEqualTo(second.next());
        }
    }

    @Test
    void theOptionsGiveTheBounds() {
        TransportOptions options = TransportOptions.builder()
                .reconnectDelays(Duration.ofMillis(100), Duration.ofMillis(400)).build();
        Backoff backoff = new Backoff(options);
        for (int i = 0; i < 20; i++) {
            assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(400));
        }
    }

    @Test
    void badBoundsAreRefusedByName() {
        Random random = new Random(1);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min");
        assertThatThrownBy(() -> new Backoff(MAX, MIN, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> new Backoff(MIN, MAX, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("random");
    }
}
