package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.server.internal.HubFixture.Fake;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JoinGateTest {

    private long now = 1_000;
    private final JoinGate gate = new JoinGate(1, 2, () -> now);
    private final Hub hub = new Hub(HubFixture.settings(HubSettings.DEFAULT_ROOM_CAPACITY, null));

    @Test
    void aRestedBucketIsDroppedAndTheNextJoinStartsFromAFullOne() {
        Fake connection = new Fake(hub);
        assertThat(gate.tryJoin(connection)).isTrue();

        gate.forgetRested();
        assertThat(gate.bucketCount()).as("one join in the last second is remembered").isEqualTo(1);

        now += TimeUnit.SECONDS.toNanos(1);
        gate.forgetRested();
        assertThat(gate.bucketCount()).as("full again: nothing to remember").isZero();
        assertThat(gate.tryJoin(connection)).isTrue();
        assertThat(gate.tryJoin(connection)).isTrue();
        assertThat(gate.tryJoin(connection)).as("the burst of 2 still applies").isFalse();
    }

    @Test
    void aConnectionOverItsLimitIsNeverForgiven() {
        Fake connection = new Fake(hub);
        assertThat(gate.tryJoin(connection)).isTrue();
        assertThat(gate.tryJoin(connection)).isTrue();
        assertThat(gate.tryJoin(connection)).isFalse();

        gate.forgetRested();
        now += TimeUnit.MILLISECONDS.toNanos(500);
        gate.forgetRested();

        assertThat(gate.bucketCount()).isEqualTo(1);
        assertThat(gate.tryJoin(connection)).as("half a token refilled").isFalse();
        now += TimeUnit.MILLISECONDS.toNanos(500);
        assertThat(gate.tryJoin(connection)).isTrue();
    }
}
