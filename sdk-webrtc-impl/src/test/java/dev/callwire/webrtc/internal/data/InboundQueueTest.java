package dev.callwire.webrtc.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A call's inbound file queue: bounded, in order, and honest about what it dropped. */
class InboundQueueTest {

    private final ArrayDeque<Runnable> lane = new ArrayDeque<>();
    private final List<String> handled = new ArrayList<>();
    private final InboundQueue queue = new InboundQueue(lane::add, new InboundQueue.Consumer() {
        @Override
        public void onMessage(byte[] bytes, boolean binary) {
            handled.add((binary ? "chunk" : "text") + bytes.length);
        }

        @Override
        public void onOverflow() {
            handled.add("gap");
        }
    }, 100, 5);

    @Test
    void binaryMessagesBeyondTheByteBoundAreDroppedAndTheGapIsReportedInOrder() {
        assertThat(queue.offer(new byte[40], true)).isTrue();
        assertThat(queue.offer(new byte[40], true)).isTrue();
        assertThat(queue.offer(new byte[40], true)).as("120 bytes would wait, over the 100-byte bound").isFalse();
        assertThat(queue.offer(new byte[30], true)).isFalse();
        assertThat(queue.offer(new byte[5], false)).as("small control text still fits").isTrue();
        assertThat(queue.queuedBytes()).isEqualTo(85);

        drain();
        assertThat(queue.offer(new byte[40], true)).isTrue();
        drain();

        assertThat(handled).containsExactly("chunk40", "chunk40", "gap", "text5", "chunk40");
        assertThat(queue.queuedBytes()).isZero();
        assertThat(queue.queuedMessages()).isZero();
    }

    @Test
    void theMessageBoundHoldsForTextToo() {
        for (int i = 0; i < 5; i++) {
            assertThat(queue.offer(new byte[1], false)).isTrue();
        }
        assertThat(queue.offer(new byte[1], false)).isFalse();
        assertThat(queue.offer(new byte[1], false)).isFalse();

        drain();

        assertThat(handled).containsExactly("text1", "text1", "text1", "text1", "text1", "gap");
    }

    @Test
    void afterCloseNothingIsHandled() {
        assertThat(queue.offer(new byte[1], true)).isTrue();
        queue.close();

        assertThat(queue.offer(new byte[1], true)).isFalse();
        drain();

        assertThat(handled).isEmpty();
    }

    private void drain() {
        while (!lane.isEmpty()) {
            lane.poll().run();
        }
    }
}
