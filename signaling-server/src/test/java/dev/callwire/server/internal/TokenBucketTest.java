package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void burstThenSustainedRate() {
        AtomicLong now = new AtomicLong(1_000);
        TokenBucket bucket = new TokenBucket(10, 3, now::get);

        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();

        now.addAndGet(100_000_000); // 0.1 s at 10/s: one token
        assertThat(bucket.tryAcquire()).isTrue();
        assertThat(bucket.tryAcquire()).isFalse();

        now.addAndGet(60_000_000_000L); // a long pause refills only up to the burst
        int granted = 0;
        while (bucket.tryAcquire()) {
            granted++;
        }
        assertThat(granted).isEqualTo(3);
    }
}
