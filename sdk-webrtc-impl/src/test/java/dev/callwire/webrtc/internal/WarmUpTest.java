package dev.callwire.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void everyClassTheWarmUpLoadsExists() {
        ClassLoader loader = WarmUp.class.getClassLoader();
        for (String name : WarmUp.CALL_PATH_CLASSES) {
            assertThatCode(() -> Class.forName(name, false, loader)).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void theCodecWarmUpRoundTripsEveryCallMessage() {
        assertThat(WarmUp.warmCodec()).isTrue();
    }

    @Test
    void onUnlessTurnedOff() {
        String before = System.getProperty("callwire.warmup");
        try {
            System.clearProperty("callwire.warmup");
            assertThat(WarmUp.enabled()).isTrue();
            System.setProperty("callwire.warmup", "false");
            assertThat(WarmUp.enabled()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("callwire.warmup");
            } else {
                System.setProperty("callwire.warmup", before);
            }
        }
    }
}
