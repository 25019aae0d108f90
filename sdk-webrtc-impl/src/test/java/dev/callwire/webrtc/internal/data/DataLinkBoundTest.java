package dev.callwire.webrtc.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.CallData;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DataLinkBoundTest {

    /**
     * A channel whose first two readings of the buffered amount wait for each other (at most a second): if two
     * senders could check at the same time, both would see the same room.
     */
    private static final class RacingPort implements ChannelPort {
        private final CyclicBarrier bothChecking = new CyclicBarrier(2);
        private long buffered;
        private int readings;

        RacingPort(long buffered) {
            this.buffered = buffered;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public long bufferedAmount() {
            long seen;
            boolean first;
            synchronized (this) {
                seen = buffered;
                first = ++readings <= 2;
            }
            if (first) {
                try {
                    bothChecking.await(1, TimeUnit.SECONDS);
                } catch (TimeoutException | BrokenBarrierException e) {
                    // the other sender could not check meanwhile: what the bound needs
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return seen;
        }

        @Override
        public synchronized boolean send(byte[] bytes, boolean binary) {
            buffered += bytes.length;
            return true;
        }

        synchronized long buffered() {
            return buffered;
        }
    }

    @Test
    void twoSendersAtOnceNeverPassTheBound() throws Exception {
        byte[] message = new byte[64 * 1024];
        // Room for exactly one more message.
        RacingPort port = new RacingPort(CallData.MAX_BUFFERED_DATA - message.length);
        Object lock = new Object();

        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(
                () -> DataLink.sendWithinBound(port, message, true, lock));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(
                () -> DataLink.sendWithinBound(port, message, true, lock));

        assertThat(first.get(10, TimeUnit.SECONDS) ^ second.get(10, TimeUnit.SECONDS)).as("exactly one fits").isTrue();
        assertThat(port.buffered()).isEqualTo(CallData.MAX_BUFFERED_DATA);
    }

    @Test
    void aMessageThatFitsIsSentAndOneThatDoesNotIsRefused() {
        FakePort port = new FakePort();
        port.buffered = CallData.MAX_BUFFERED_DATA - 10;

        assertThat(DataLink.sendWithinBound(port, new byte[10], true, new Object())).isTrue();
        assertThat(DataLink.sendWithinBound(port, new byte[1], true, new Object())).isFalse();
        port.open = false;
        port.drain();
        assertThat(DataLink.sendWithinBound(port, new byte[1], true, new Object())).as("closed").isFalse();
    }
}
