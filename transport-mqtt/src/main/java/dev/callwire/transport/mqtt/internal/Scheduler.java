package dev.callwire.transport.mqtt.internal;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Runs a task on the transport's loop after a delay: {@code SerialLoop::schedule} in production, a fake clock
 * in tests. Cancelling the returned future keeps the task from running.
 */
@FunctionalInterface
interface Scheduler {
    Future<?> schedule(Runnable task, Duration delay);
}
