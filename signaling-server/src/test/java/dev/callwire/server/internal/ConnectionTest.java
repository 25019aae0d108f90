package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox: {@code sendNow} writes inline when it can, and order and bounds hold either way. */
class ConnectionTest {

    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        writer.shutdownNow();
        assertThat(writer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Records writes; asynchronous ones stay counted until {@link #release} reports them written. */
    private final class Recording extends Connection {
        final List<String> writes = new ArrayList<>();
        final List<String> unreleased = new ArrayList<>();
        final boolean async;
        final CountDownLatch transportClosed = new CountDownLatch(1);
        final Map<Thread, Integer> writerThreads = new HashMap<>();

        Recording(boolean async) {
            super(writer, 1_000, 1_000);
            this.async = async;
        }

        @Override
        protected String transportName() {
            return "test";
        }

        @Override
        protected synchronized void write(String json) {
            if (json.equals("fail")) {
                throw new IllegalStateException("transport refused");
            }
            writes.add(json);
            writerThreads.merge(Thread.currentThread(), 1, Integer::sum);
            if (async) {
                unreleased.add(json);
            }
        }

        @Override
        protected boolean writesAsynchronously() {
            return async;
        }

        synchronized void release() {
            unreleased.forEach(json -> written(json.length()));
            unreleased.clear();
        }

        @Override
        protected void closeTransport() {
            transportClosed.countDown();
        }

        synchronized List<String> writes() {
            return List.copyOf(writes);
        }
    }

    @Test
    void anIdleConnectionIsWrittenOnTheCallingThread() {
        Recording connection = new Recording(false);

        connection.sendNow("a");
        connection.sendNow("fail");
        connection.sendNow("b");

        assertThat(connection.writes()).containsExactly("a", "b");
        assertThat(connection.writerThreads).containsOnlyKeys(Thread.currentThread());
    }

    @Test
    void concurrentSendersKeepTheirOwnOrderAndLoseNothing() throws Exception {
        for (int round = 0; round < 40; round++) {
            concurrentSenders();
        }
    }

    private void concurrentSenders() throws Exception {
        Recording connection = new Recording(false);
        int threads = 4;
        int each = 250; // 1,000 in all: under MAX_PENDING even if nothing were written until the end
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int sender = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    // Half through the writer executor, as the hub's locked paths send, half inline.
                    if (i % 2 == 0) {
                        connection.sendNow(sender + ":" + i);
                    } else {
                        connection.send(sender + ":" + i);
                    }
                }
            });
            thread.start();
            senders.add(thread);
        }
        start.countDown();
        for (Thread thread : senders) {
            thread.join(30_000);
            assertThat(thread.isAlive()).isFalse();
        }
        CountDownLatch flushed = new CountDownLatch(1);
        writer.execute(flushed::countDown); // the single writer thread has run every drain queued before this
        assertThat(flushed.await(10, TimeUnit.SECONDS)).isTrue();

        List<String> writes = connection.writes();
        assertThat(writes).hasSize(threads * each).doesNotHaveDuplicates();
        int[] next = new int[threads];
        for (String write : writes) {
            int sender = Integer.parseInt(write.substring(0, write.indexOf(':')));
            assertThat(Integer.parseInt(write.substring(write.indexOf(':') + 1))).as(write).isEqualTo(next[sender]++);
        }
    }

    @Test
    void inlineWritesStillCountAgainstTheBoundUntilTheTransportWroteThem() throws Exception {
        Recording connection = new Recording(true);
        String envelope = "x".repeat(1_000);
        int fit = (int) (Connection.MAX_PENDING_CHARS / envelope.length());

        for (int i = 0; i < fit; i++) {
            connection.sendNow(envelope);
        }
        connection.release(); // the client read everything so far: the bound starts over
        for (int i = 0; i < fit + 10; i++) {
            connection.sendNow(envelope);
        }

        assertThat(connection.transportClosed.await(10, TimeUnit.SECONDS)).as("a reader that stopped is closed").isTrue();
        assertThat(connection.isClosed()).isTrue();
        assertThat(connection.writes()).hasSize(2 * fit);
    }
}
