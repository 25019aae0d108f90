package dev.callwire.server.internal;

import static dev.callwire.server.internal.HubFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubKeepaliveTest {

    private static final int TICKS = 20;

    private final Hub hub = new Hub(settings(HubSettings.DEFAULT_ROOM_CAPACITY, null));

    /** Counts its keepalive turns. */
    static final class Counting extends HubFixture.Fake {
        final List<Long> turns = new ArrayList<>();

        Counting(Hub hub) {
            super(hub);
        }

        @Override
        void keepalive(long nowNanos, long deadAfterNanos) {
            turns.add(nowNanos);
        }
    }

    @Test
    void everyConnectionHasExactlyOneTurnPerIntervalAndTheTurnsAreSpread() {
        List<Counting> connections = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            connections.add(new Counting(hub));
        }
        int busiestTick = 0;
        for (long tick = 0; tick < TICKS; tick++) {
            int before = connections.stream().mapToInt(c -> c.turns.size()).sum();
            hub.keepalive(tick, TICKS, 1);
            busiestTick = Math.max(busiestTick, connections.stream().mapToInt(c -> c.turns.size()).sum() - before);
        }

        assertThat(connections).allSatisfy(c -> assertThat(c.turns).hasSize(1));
        // 50 per tick on average; all at once is what stalled relaying.
        assertThat(busiestTick).isLessThan(150);

        hub.keepalive(TICKS, TICKS, 1);
        hub.keepalive(TICKS + 1, TICKS, 1);
        assertThat(connections).as("the next interval starts the same turns again")
                .allSatisfy(c -> assertThat(c.turns).hasSizeBetween(1, 2));
    }
}
