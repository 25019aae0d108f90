package dev.callwire.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CapLogTest {

    @Test
    void aFloodCostsOneLinePerIntervalAndTheNextLineCountsTheRest() {
        AtomicLong now = new AtomicLong();
        CapLog log = new CapLog(LoggerFactory.getLogger(CapLogTest.class), 10, now::get);

        assertThat(log.warn("Room {}: cap hit", "lobby")).isTrue();
        for (int i = 0; i < 1000; i++) {
            assertThat(log.warn("Room {}: cap hit", "lobby")).isFalse();
        }
        assertThat(log.suppressed()).isEqualTo(1000);

        now.set(10);
        assertThat(log.warn("Room {}: cap hit", "lobby")).isTrue();
        assertThat(log.suppressed()).isZero();
    }
}
