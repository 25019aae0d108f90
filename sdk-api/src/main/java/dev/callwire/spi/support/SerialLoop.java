package dev.callwire.spi.support;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread that runs a transport's tasks one at a time, in the order they were handed over,
 * and its timers. State touched only by these tasks needs no lock, and a listener called from them is called
 * serially, as {@link dev.callwire.spi.SignalingTransport} requires.
 *
 * <p>A task that throws does not end the loop: what it threw goes to the failure handler given at
 * construction (which should log it with the transport's room and peer), and the next task runs.
 *
 * <p>The thread starts with the first task and ends after {@link #shutdown()}, once the tasks handed over
 * before it have run. Every method may be called from any thread.
 */
public final class SerialLoop {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLoop.class);

    private final String threadName;
    private final Consumer<? super Throwable> onFailure;
    private final ScheduledThreadPoolExecutor executor;

    /**
     * Sets up the loop; no thread is started until the first task.
     *
     * @param threadName the thread's name, e.g. {@code callwire-mqtt-1}; never {@code null}
     * @param onFailure  called on the loop thread with what a task threw ({@link RuntimeException} or
     *                   {@link Error}); never {@code null}. If it throws too, that is logged here.
     * @throws NullPointerException if an argument is {@code null}
     */
    public SerialLoop(String threadName, Consumer<? super Throwable> onFailure) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true); // a transport must never keep the host application's JVM alive
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Hands a task to the loop; it runs after the tasks handed over before it.
     *
     * @param task what to run, never {@code null}
     * @return {@code true} if it will run; {@code false} if the loop was shut down
     * @throws NullPointerException if {@code task} is {@code null}
     */
    public boolean execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        try {
            executor.execute(() -> guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Runs a task on the loop after a delay, unless cancelled first. A delayed task that is not yet due when
     * the loop is shut down never runs.
     *
     * @param task  what to run, never {@code null}
     * @param delay how long to wait, never {@code null}; zero or negative runs it as soon as possible
     * @return the pending task: {@link Future#cancel} keeps it from running; already cancelled if the loop was
     *         shut down. Never {@code null}.
     * @throws NullPointerException if an argument is {@code null}
     */
    public Future<?> schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        long nanos = Objects.requireNonNull(delay, "delay").isNegative() ? 0 : saturatedNanos(delay);
        try {
            return executor.schedule(() -> guarded(task), nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            CompletableFuture<Void> never = new CompletableFuture<>();
            never.cancel(false);
            return never;
        }
    }

    /**
     * Stops accepting tasks. Tasks handed to {@link #execute} before still run, in order; delayed tasks that
     * are not yet due do not. The thread ends after the last of them. Does not wait; idempotent.
     */
    public void shutdown() {
        executor.shutdown();
    }

    /** Tells whether {@link #shutdown()} was called. */
    boolean isShutdown() {
        return executor.isShutdown();
    }

    /** Waits at most {@code timeout} for the loop to shut down and run its last task; {@code false} if it did not. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(saturatedNanos(Objects.requireNonNull(timeout, "timeout")),
                TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "SerialLoop[" + threadName + (isShutdown() ? ", shut down]" : "]");
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            try {
                onFailure.accept(e);
            } catch (RuntimeException | Error handlerFailure) {
                handlerFailure.addSuppressed(e);
                LOG.error("{}: a task failed and so did the failure handler", threadName, handlerFailure);
            }
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
