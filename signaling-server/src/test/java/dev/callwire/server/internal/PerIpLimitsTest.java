package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PerIpLimitsTest {

    private static final InetAddress A = address(1);
    private static final InetAddress B = address(2);

    private final AtomicLong now = new AtomicLong(1_000);

    private static InetAddress address(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void capsConnectionsHeldPerAddressIndependently() {
        PerIpLimits limits = new PerIpLimits(2, 1_000, 1_000, now::get);

        assertThat(limits.tryOpen(A)).isEqualTo(PerIpLimits.Verdict.ADMITTED);
        assertThat(limits.tryOpen(A)).isEqualTo(PerIpLimits.Verdict.ADMITTED);
        assertThat(limits.tryOpen(A)).isEqualTo(PerIpLimits.Verdict.TOO_MANY_OPEN);
        assertThat(limits.tryOpen(B)).as("another address has its own cap").isEqualTo(PerIpLimits.Verdict.ADMITTED);
        assertThat(limits.openCount(A)).isEqualTo(2);

        limits.release(A);
        assertThat(limits.tryOpen(A)).isEqualTo(PerIpLimits.Verdict.ADMITTED);
    }

    @Test
    void tokenBucketLimitsTheOpeningRate() {
        PerIpLimits limits = new PerIpLimits(100, 2, 3, now::get);

        for (int i = 0; i < 3; i++) {
            assertThat(limits.tryOpen(A)).isEqualTo(PerIpLimits.Verdict.ADMITTED);
            limits.release(A);
        }
        assertThat(limits.tryOpen(A)).as("burst spent; reconnecting does not reset the bucket")
                .isEqualTo(PerIpLimits.Verdict.TOO_FAST);

        now.addAndGet(500_000_000); // 0.5 s at 2/s: one token
        assertThat(limits.tryOpen(A)).isEqualTo(PerIpLimits.Verdict.ADMITTED);
        assertThat(limits.tryOpen(A)).isEqualTo(PerIpLimits.Verdict.TOO_FAST);
    }

    @Test
    void forgetsIdleAddressesOnceTheirBucketRefilled() {
        PerIpLimits limits = new PerIpLimits(10, 1, 1, now::get);
        for (int i = 1; i <= 200; i++) {
            InetAddress address = address(i);
            assertThat(limits.tryOpen(address)).isEqualTo(PerIpLimits.Verdict.ADMITTED);
            limits.release(address);
        }
        assertThat(limits.trackedAddresses()).as("buckets still empty: remembered").isEqualTo(200);

        now.addAndGet(1_000_000_000);
        limits.sweep();

        assertThat(limits.trackedAddresses()).isZero();
    }

    @Test
    void anAddressHoldingConnectionsIsNeverForgotten() {
        PerIpLimits limits = new PerIpLimits(1, 1, 1, now::get);
        limits.tryOpen(A);
        now.addAndGet(10_000_000_000L);
        limits.sweep();

        assertThat(limits.openCount(A)).isEqualTo(1);
        assertThat(limits.tryOpen(A)).isEqualTo(PerIpLimits.Verdict.TOO_MANY_OPEN);
        limits.release(A);
        assertThat(limits.trackedAddresses()).as("released with a full bucket: dropped at once").isZero();
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new PerIpLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxOpen");
        assertThatThrownBy(() -> new PerIpLimits(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PerIpLimits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
