package dev.callwire.transport.mqtt.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A scheduler on a fake clock: tasks run only when a test moves time past their due time, on its thread. */
final class ManualScheduler implements Scheduler {

    private record Task(long dueMillis, long order, Runnable task, CompletableFuture<Void> future) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparingLong(Task::dueMillis).thenComparingLong(Task::order));
    private long nowMillis;
    private long nextOrder;
    /** Every delay asked for, in order. */
    final List<Duration> requested = new ArrayList<>();

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        requested.add(delay);
        CompletableFuture<Void> future = new CompletableFuture<>();
        tasks.add(new Task(nowMillis + Math.max(0, delay.toMillis()), nextOrder++, task, future));
        return future;
    }

    /** Moves the clock forward, running every task that comes due on the way, in due order. */
    void advance(Duration duration) {
        long target = nowMillis + duration.toMillis();
        while (!tasks.isEmpty() && tasks.peek().dueMillis() <= target) {
            Task next = tasks.poll();
            nowMillis = next.dueMillis();
            if (!next.future().isCancelled()) {
                next.task().run();
                next.future().complete(null);
            }
        }
        nowMillis = target;
    }

    /** Tasks that are scheduled and not cancelled. */
    long pending() {
        return tasks.stream().filter(t -> !t.future().isDone()).count();
    }
}
