package dev.callwire.spi.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The one timer a {@link ReconnectingTransport} has pending at a time (connect timeout, reconnection wait or
 * close bound): setting a new one cancels the old, so two waits can never race. Not thread-safe; the
 * transport's lock guards it.
 */
final class PendingTimer {

    private static final Future<?> NONE = CompletableFuture.completedFuture(null);

    private final SerialLoop loop;
    private Future<?> pending = NONE;

    PendingTimer(SerialLoop loop) {
        this.loop = loop;
    }

    void set(Runnable task, Duration delay) {
        pending.cancel(false);
        pending = loop.schedule(task, delay);
    }

    /** Forgets the timer that is firing now, so a later {@link #cancel()} cannot touch its successor. */
    void fired() {
        pending = NONE;
    }

    void cancel() {
        pending.cancel(false);
        pending = NONE;
    }
}
