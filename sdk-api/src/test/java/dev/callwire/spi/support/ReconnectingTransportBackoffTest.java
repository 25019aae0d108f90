package dev.callwire.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectingTransportBackoffTest {

    @Test
    void backoffDoublesFromTheMinimumUpToTheMaximumWithJitterNeverBelowTheMinimum() {
        Duration min = Duration.ofMillis(250);
        Duration max = Duration.ofSeconds(5);
        assertThat(ReconnectingTransport.backoffMillis(0, min, max, 0.0)).isEqualTo(250);
        assertThat(ReconnectingTransport.backoffMillis(1, min, max, 0.0)).isEqualTo(500);
        assertThat(ReconnectingTransport.backoffMillis(2, min, max, 0.0)).isEqualTo(1000);
        assertThat(ReconnectingTransport.backoffMillis(5, min, max, 0.0)).isEqualTo(5000);
        assertThat(ReconnectingTransport.backoffMillis(1000, min, max, 0.0)).isEqualTo(5000);
        assertThat(ReconnectingTransport.backoffMillis(0, min, max, 0.99)).isEqualTo(250);
        assertThat(ReconnectingTransport.backoffMillis(2, min, max, 0.99)).isBetween(500L, 1000L);
        assertThat(ReconnectingTransport.backoffMillis(40, Duration.ofDays(1), Duration.ofDays(2), 0.5))
                .isBetween(Duration.ofDays(1).toMillis(), Duration.ofDays(2).toMillis());
    }
}
