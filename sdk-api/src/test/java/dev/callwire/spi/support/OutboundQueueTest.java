package dev.callwire.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.Leave;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    @Test
    void refusesBeyondItsCapacityWithoutDroppingWhatItHolds() {
        OutboundQueue queue = new OutboundQueue(2);
        assertThat(queue.offer(new Leave("a"), "1")).isTrue();
        assertThat(queue.offer(new Leave("b"), "2")).isTrue();
        assertThat(queue.offer(new Leave("c"), "3")).isFalse();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void aWriterThatRefusesMidwayLeavesTheRestQueuedInOrder() {
        OutboundQueue queue = new OutboundQueue(10);
        for (String text : List.of("1", "2", "3")) {
            queue.offer(new Leave("r" + text), text);
        }
        List<String> written = new ArrayList<>();
        boolean emptied = queue.drainTo(q -> {
            if (q.text().equals("2")) {
                return false;
            }
            written.add(q.text());
            return true;
        });
        assertThat(emptied).isFalse();
        assertThat(written).containsExactly("1");

        List<String> rest = new ArrayList<>();
        assertThat(queue.drainTo(q -> rest.add(q.text()))).isTrue();
        assertThat(rest).containsExactly("2", "3");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void clearSaysHowManyWereDropped() {
        OutboundQueue queue = new OutboundQueue(10);
        queue.offer(new Leave("a"), "1");
        queue.offer(new Leave("b"), "2");
        assertThat(queue.clear()).isEqualTo(2);
        assertThat(queue.clear()).isZero();
    }
}
