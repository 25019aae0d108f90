package dev.callwire.server.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * Joins the fragments of one WebSocket text message, with a size limit and a deadline. Jetty's own
 * aggregation has a size limit only, so a client could start a message (FIN=0) and leave the server
 * holding it forever; with permessage-deflate that costs the client almost nothing. Here a message
 * that grows past {@code maxChars} is refused with 1009, and one not finished within
 * {@code deadline} with 1008; either way the partial text is dropped at once.
 *
 * <p>Fragments arrive serially on Jetty's thread; the deadline fires on {@code timer}; both lock this.
 */
final class TextAssembler {

    /** What to do with the connection when a message is refused. */
    interface Refusal {
        void refuse(int statusCode, String reason);
    }

    private final int maxChars;
    private final Duration deadline;
    private final ScheduledExecutorService timer;
    private final Consumer<String> onMessage;
    private final Refusal onRefused;

    // Guarded by this.
    private StringBuilder partial;
    private ScheduledFuture<?> expiry;
    private boolean refused;

    TextAssembler(int maxChars, Duration deadline, ScheduledExecutorService timer, Consumer<String> onMessage,
            Refusal onRefused) {
        this.maxChars = maxChars;
        this.deadline = deadline;
        this.timer = timer;
        this.onMessage = onMessage;
        this.onRefused = onRefused;
    }

    /** One fragment as Jetty delivers it ({@code Session.Listener#onWebSocketPartialText}). */
    void onFragment(String fragment, boolean last) {
        String complete = null;
        boolean tooLarge = false;
        synchronized (this) {
            if (refused) {
                return;
            }
            int held = partial == null ? 0 : partial.length();
            if ((long) held + fragment.length() > maxChars) {
                tooLarge = true;
                refuseLocked();
            } else if (partial == null && last) {
                complete = fragment; // the usual case: one frame, nothing held, no timer
            } else {
                if (partial == null) {
                    partial = new StringBuilder(fragment);
                    expiry = schedule();
                } else {
                    partial.append(fragment);
                }
                if (last) {
                    complete = partial.toString();
                    reset();
                }
            }
        }
        if (tooLarge) {
            onRefused.refuse(StatusCode.MESSAGE_TOO_LARGE, "message over " + maxChars + " characters");
        } else if (complete != null) {
            onMessage.accept(complete);
        }
    }

    private ScheduledFuture<?> schedule() {
        try {
            return timer.schedule(this::expire, deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // stopping: the connection is about to close anyway
        }
    }

    private void expire() {
        synchronized (this) {
            if (partial == null || refused) {
                return;
            }
            refuseLocked();
        }
        onRefused.refuse(StatusCode.POLICY_VIOLATION, "message not completed within " + deadline.toSeconds() + " s");
    }

    /** Drops held text for good: after a refusal the connection is closing and later fragments are ignored. */
    synchronized void discard() {
        refuseLocked();
    }

    private void refuseLocked() {
        refused = true;
        reset();
    }

    private void reset() {
        partial = null;
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }
}
