package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** A broker connection that records what it publishes and answers as told (SENT when told nothing). */
    private static final class FakeSink implements Outbox.Sink {
        final List<String> published = new ArrayList<>();
        final Deque<Outbox.Result> answers = new ArrayDeque<>();

        @Override
        public synchronized Outbox.Result publish(Outbox.Entry entry) {
            Outbox.Result result = answers.isEmpty() ? Outbox.Result.SENT : answers.poll();
            if (result == Outbox.Result.SENT) {
                published.add(entry.description());
            }
            return result;
        }
    }

    private final FakeSink sink = new FakeSink();

    private static Outbox.Entry entry(String name) {
        return new Outbox.Entry("webrtc/room/peers/bob", name.getBytes(), name);
    }

    @Test
    void whileDisconnectedAtMostTheBoundWaitsAndTheRestIsRefused() {
        Outbox outbox = new Outbox(2);

        assertThat(outbox.offer(entry("m1"))).isTrue();
        assertThat(outbox.offer(entry("m2"))).isTrue();
        assertThat(outbox.offer(entry("m3"))).as("beyond maxQueuedMessages").isFalse();

        assertThat(outbox.size()).isEqualTo(2);
        outbox.open(sink);
        assertThat(sink.published).containsExactly("m1", "m2");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void whileOpenMessagesGoStraightThroughWithoutTakingAPlaceEvenWithABoundOfZero() {
        Outbox outbox = new Outbox(0);
        outbox.open(sink);

        for (int i = 0; i < 100; i++) {
            assertThat(outbox.offer(entry("m" + i))).isTrue();
        }

        assertThat(sink.published).hasSize(100).startsWith("m0", "m1").endsWith("m99");
        outbox.pause();
        assertThat(outbox.offer(entry("waits"))).as("a bound of 0 refuses what would have to wait").isFalse();
    }

    @Test
    void aFullInFlightWindowHoldsMessagesInOrderUntilTheBrokerAcknowledges() {
        Outbox outbox = new Outbox(3);
        outbox.open(sink);
        sink.answers.add(Outbox.Result.FULL);

        assertThat(outbox.offer(entry("m1"))).isTrue();
        assertThat(outbox.offer(entry("m2"))).isTrue();
        assertThat(outbox.offer(entry("m3"))).isTrue();
        assertThat(outbox.offer(entry("m4"))).as("the same bound applies while waiting for acknowledgements").isFalse();
        assertThat(sink.published).isEmpty();

        outbox.resume();

        assertThat(sink.published).containsExactly("m1", "m2", "m3");
        assertThat(outbox.offer(entry("m5"))).isTrue();
        assertThat(sink.published).endsWith("m5");
    }

    @Test
    void aConnectionGoingAwayKeepsTheMessageForTheNextOne() {
        Outbox outbox = new Outbox(4);
        outbox.open(sink);
        sink.answers.add(Outbox.Result.GONE);

        assertThat(outbox.offer(entry("m1"))).isTrue();
        assertThat(outbox.offer(entry("m2"))).isTrue();
        outbox.resume(); // an acknowledgement of the old connection changes nothing
        assertThat(sink.published).isEmpty();
        assertThat(outbox.isOpen()).isFalse();

        outbox.open(sink);
        assertThat(sink.published).containsExactly("m1", "m2");
    }

    @Test
    void aMessageThePublisherRefusesForGoodIsDroppedAndTheNextOnesFlow() {
        Outbox outbox = new Outbox(4);
        outbox.offer(entry("m1"));
        outbox.offer(entry("m2"));
        sink.answers.add(Outbox.Result.FAILED);

        outbox.open(sink);

        assertThat(sink.published).containsExactly("m2");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void sealingRefusesLaterOffersButKeepsWhatWaitsForTheLastFlush() {
        Outbox outbox = new Outbox(4);
        outbox.offer(entry("before"));

        outbox.seal();

        assertThat(outbox.offer(entry("after"))).isFalse();
        outbox.open(sink);
        assertThat(sink.published).containsExactly("before");
        assertThat(outbox.clear()).isZero();
    }

    @Test
    void clearTellsHowManyMessagesWereDropped() {
        Outbox outbox = new Outbox(4);
        outbox.offer(entry("m1"));
        outbox.offer(entry("m2"));

        assertThat(outbox.clear()).isEqualTo(2);
        outbox.open(sink);
        assertThat(sink.published).isEmpty();
    }

    @Test
    void sendersOnManyThreadsKeepEachThreadsOrderAndTheBound() throws Exception {
        Outbox outbox = new Outbox(1000);
        int threads = 4;
        int each = 200;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            String name = "t" + t;
            Thread sender = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    outbox.offer(entry(name + "-" + i));
                    if (i == each / 2 && name.equals("t0")) {
                        outbox.open(sink); // the room is joined while others are sending
                    }
                }
                done.countDown();
            });
            sender.start();
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        outbox.open(sink);

        assertThat(sink.published).hasSize(threads * each);
        for (int t = 0; t < threads; t++) {
            String prefix = "t" + t + "-";
            List<Integer> order = sink.published.stream().filter(s -> s.startsWith(prefix))
                    .map(s -> Integer.parseInt(s.substring(prefix.length()))).toList();
            assertThat(order).as("order of " + prefix).isSorted().hasSize(each);
        }
    }

    @Test
    void aNegativeBoundIsRefused() {
        assertThatThrownBy(() -> new Outbox(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }
}
