package dev.callwire.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialLoopTest {

    private static final long WAIT_SECONDS = 5;

    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final SerialLoop loop = new SerialLoop("callwire-test-loop", failures::add);

    @AfterEach
    void shutDown() {
        loop.shutdown();
    }

    @Test
    void runsTasksOneAtATimeInOrderOnItsNamedDaemonThread() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 100; i++) {
            int n = i;
            assertThat(loop.execute(() -> {
                thread.compareAndSet(null, Thread.currentThread());
                assertThat(Thread.currentThread()).isSameAs(thread.get());
                order.add(n);
            })).isTrue();
        }
        loop.execute(done::countDown);

        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(order).hasSize(100).isSorted();
        assertThat(thread.get().getName()).isEqualTo("callwire-test-loop");
        assertThat(thread.get().isDaemon()).isTrue();
        assertThat(failures).isEmpty();
    }

    @Test
    void aFailingTaskIsHandedToTheFailureHandlerAndTheLoopGoesOn() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch after = new CountDownLatch(1);

        loop.execute(() -> {
            throw boom;
        });
        loop.execute(() -> {
            throw new AssertionError("an Error too");
        });
        loop.execute(after::countDown);

        assertThat(after.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the task after the failures ran").isTrue();
        assertThat(failures).hasSize(2);
        assertThat(failures.get(0)).isSameAs(boom);
        assertThat(failures.get(1)).isInstanceOf(AssertionError.class);
    }

    @Test
    void aFailureHandlerThatThrowsDoesNotEndTheLoop() throws Exception {
        SerialLoop fragile = new SerialLoop("callwire-test-fragile", e -> {
            throw new IllegalStateException("handler fails too");
        });
        try {
            CountDownLatch after = new CountDownLatch(1);
            fragile.execute(() -> {
                throw new IllegalArgumentException("task fails");
            });
            fragile.execute(after::countDown);
            assertThat(after.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        } finally {
            fragile.shutdown();
        }
    }

    @Test
    void scheduledTasksRunLaterUnlessCancelled() throws Exception {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        CountDownLatch later = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();

        // The loop is held busy until the cancel happened: on a loaded machine 20 ms can pass before cancel().
        CountDownLatch hold = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                hold.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Future<?> cancelled = loop.schedule(() -> cancelledRan.set(true), Duration.ofMillis(20));
        loop.schedule(() -> {
            order.add("later");
            later.countDown();
        }, Duration.ofMillis(60));
        loop.execute(() -> order.add("now"));
        assertThat(cancelled.cancel(false)).isTrue();
        hold.countDown();

        assertThat(later.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("now", "later");
        assertThat(cancelledRan).as("the cancelled task, due before the one that ran").isFalse();
    }

    @Test
    void shutdownRunsWhatWasHandedOverDropsTimersAndRefusesMore() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        loop.execute(() -> {
            try {
                gate.await(WAIT_SECONDS, TimeUnit.SECONDS); // holds the loop until shutdown() was called
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.execute(() -> ran.add("queued before shutdown"));
        Future<?> timer = loop.schedule(() -> ran.add("timer"), Duration.ofSeconds(30));

        loop.shutdown();
        loop.shutdown();
        gate.countDown();

        assertThat(loop.awaitTermination(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
        assertThat(loop.isShutdown()).isTrue();
        assertThat(ran).containsExactly("queued before shutdown");
        assertThat(timer.isDone()).isTrue();
        assertThat(loop.execute(() -> ran.add("after"))).isFalse();
        Future<?> refused = loop.schedule(() -> ran.add("after"), Duration.ZERO);
        assertThat(refused.isCancelled()).isTrue();
        assertThat(ran).containsExactly("queued before shutdown");
    }
}
