package dev.callwire.server.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterEventTest {

    @Test
    void eventsSurviveARoundTrip() {
        ClusterEvent[] events = {
            new ClusterEvent.Joined("i1", 42, "lobby", "p-1", "Ann Lee"),
            new ClusterEvent.Joined("i1", 1, "lobby", "p-1", null),
            new ClusterEvent.Left("i2", "r.o_o-m", "p2"),
            new ClusterEvent.Directed("lobby", "p1", "{\"type\":\"offer\",\"sdp\":\"a\\tb\\nc\"}\t trailing"),
        };
        for (ClusterEvent event : events) {
            assertThat(ClusterEvent.decode(ClusterEvent.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void foreignLinesAreRefusedWithAReason() {
        assertThatThrownBy(() -> ClusterEvent.decode("hello")).hasMessageContaining("not a cluster event");
        assertThatThrownBy(() -> ClusterEvent.decode("Q\tx")).hasMessageContaining("unknown cluster event type 'Q'");
        assertThatThrownBy(() -> ClusterEvent.decode("J\ti\tseven\tr\tp")).hasMessageContaining("sequence");
        assertThatThrownBy(() -> ClusterEvent.decode("L\ti\tr")).hasMessageContaining("3 fields");
    }
}
