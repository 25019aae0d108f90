package dev.callwire.webrtc.internal.call;

import dev.callwire.IceRestartPolicy;

/**
 * When a call restarts ICE, and when it gives up: the decisions of {@link IceRestartPolicy}, as a small state machine
 * over millisecond timestamps the caller passes in. No clock, no threads, no libwebrtc: {@link IceRecovery} feeds it
 * the connection's events and arms one timer for {@link #deadline()}.
 *
 * <p>A <em>recovery</em> starts with its first restart and ends when the media path is connected again (at an event,
 * or found connected at a deadline: a restart made while the old path still worked needs no further attempts) or
 * when it is given up: {@code maxAttempts} restarts made and the last one's wait over, or {@code window} passed since
 * the first restart.
 *
 * <p>An attempt's offer can be lost (with a signaling connection that died silently, or ignored by an impolite peer
 * whose own offer was lost): an attempt whose offer has not completed an exchange within {@code answerTimeout} of
 * being sent counts as failed, and the next one is made then rather than after the attempt's whole wait. Any completed
 * exchange counts, including our answer to the peer's own restart offer: when both sides restart at once, perfect
 * negotiation rolls the polite side's offer back and that answer is its attempt's exchange.
 */
final class IceRestartPlanner {

    /** What the caller must do now. */
    enum Action {
        /** Nothing (keep the timer at {@link #deadline()}, if any). */
        NONE,
        /** Restart ICE now: one attempt has been counted. */
        RESTART,
        /** The media path could not be restored: end the call; {@link #exhaustedDetail()} says why. */
        GIVE_UP
    }

    private final IceRestartPolicy policy;
    private final long answerTimeout;
    private boolean interrupted;
    private long interruptedAt;
    private boolean recovering;
    private long recoveryStart;
    private int attempts;
    private long lastAttemptAt;
    private long deadline = -1;
    private long answerDeadline = -1;
    private int totalRestarts;
    private long lastRecoveredMillis = -1;

    /** @param answerTimeout how long an attempt's offer may wait for its exchange to complete, in milliseconds */
    IceRestartPlanner(IceRestartPolicy policy, long answerTimeout) {
        if (answerTimeout <= 0) {
            throw new IllegalArgumentException("answerTimeout must be positive, got " + answerTimeout);
        }
        this.policy = policy;
        this.answerTimeout = answerTimeout;
    }

    /**
     * An offer of ours went out. During a recovery it is the current attempt's (an attempt waiting for signaling sends
     * it only when signaling is back, so the wait for its answer starts here, not at the attempt).
     */
    void onOfferSent(long now) {
        if (recovering) {
            answerDeadline = now + answerTimeout;
        }
    }

    /** An offer/answer exchange completed (their answer applied, or our answer to their offer sent). */
    void onExchangeCompleted() {
        answerDeadline = -1;
    }

    /** The connection reports it lost its path (libwebrtc's DISCONNECTED): restart if it lasts. */
    Action onDisconnected(long now) {
        markInterrupted(now);
        if (!recovering && deadline < 0 && policy.maxAttempts() > 0) {
            deadline = now + policy.disconnectedTimeout().toMillis();
        }
        return Action.NONE;
    }

    /** The connection reports FAILED: restart at once, unless a recovery is already under way. */
    Action onFailed(long now) {
        markInterrupted(now);
        if (policy.maxAttempts() == 0) {
            return Action.GIVE_UP;
        }
        return recovering ? Action.NONE : attempt(now);
    }

    /**
     * Something outside ICE says the path is likely broken (the host's addresses changed, signaling came back while
     * the media was down): restart at once if the recovery has an attempt left.
     */
    Action onTrigger(long now) {
        if (policy.maxAttempts() == 0 || (recovering && attempts >= policy.maxAttempts())) {
            return Action.NONE;
        }
        return attempt(now);
    }

    /** The connection reports CONNECTED: any recovery succeeded. */
    void onConnected(long now) {
        if (interrupted) {
            lastRecoveredMillis = now - interruptedAt;
        }
        interrupted = false;
        endRecovery();
    }

    /**
     * The timer for {@link #deadline()} fired. {@code connected} is the connection's state now: a restart made while
     * the path still worked ends the recovery here, since the connection never reports a change then.
     */
    Action onDeadline(long now, boolean connected) {
        if (answerDeadline >= 0 && now >= answerDeadline && (deadline < 0 || now < deadline)) {
            return onAnswerOverdue(now, connected);
        }
        if (deadline < 0 || now < deadline) {
            return Action.NONE; // a timer of an earlier plan
        }
        deadline = -1;
        answerDeadline = -1;
        if (connected) {
            onConnected(now);
            return Action.NONE;
        }
        if (!recovering) {
            return attempt(now); // disconnected for longer than disconnectedTimeout
        }
        if (hasAttemptLeft(now)) {
            return attempt(now);
        }
        return Action.GIVE_UP;
    }

    /**
     * The attempt's offer got no answer in time: it failed, and the next attempt is made now. The last attempt has
     * none to follow, so the recovery waits for the end of its window (a late answer may still come).
     */
    private Action onAnswerOverdue(long now, boolean connected) {
        answerDeadline = -1;
        if (connected) {
            onConnected(now); // the old path still works: the restart was not needed after all
            return Action.NONE;
        }
        return hasAttemptLeft(now) ? attempt(now) : Action.NONE;
    }

    private boolean hasAttemptLeft(long now) {
        return attempts < policy.maxAttempts() && now < recoveryStart + policy.window().toMillis();
    }

    /** When {@link #onDeadline} must be called next, in the caller's milliseconds; -1 for no timer. */
    long deadline() {
        if (answerDeadline >= 0 && (deadline < 0 || answerDeadline < deadline)) {
            return answerDeadline;
        }
        return deadline;
    }

    /** An attempt's offer is out and its exchange not completed yet. */
    boolean isAwaitingAnswer() {
        return answerDeadline >= 0;
    }

    boolean isRecovering() {
        return recovering;
    }

    /** Restarts made over the whole call. */
    int totalRestarts() {
        return totalRestarts;
    }

    /** How long the latest interruption lasted until CONNECTED again; -1 if none has ended. */
    long lastRecoveredMillis() {
        return lastRecoveredMillis;
    }

    /** Why {@link Action#GIVE_UP} was decided, for the error the application sees. */
    String exhaustedDetail() {
        if (policy.maxAttempts() == 0) {
            return "ICE/DTLS failed (automatic ICE restarts are off)";
        }
        return "ICE restart attempts exhausted: " + attempts + " restart(s) of at most " + policy.maxAttempts()
                + " within " + policy.window().toMillis() + " ms did not restore the media path";
    }

    private Action attempt(long now) {
        if (!recovering) {
            recovering = true;
            recoveryStart = now;
            attempts = 0;
        }
        attempts++;
        totalRestarts++;
        lastAttemptAt = now;
        answerDeadline = -1; // until the attempt's offer goes out
        long windowEnd = recoveryStart + policy.window().toMillis();
        if (attempts < policy.maxAttempts()) {
            long wait = policy.initialBackoff().toMillis() << Math.min(attempts - 1, 20);
            deadline = Math.min(now + wait, windowEnd);
        } else {
            deadline = Math.max(windowEnd, now + 1);
        }
        return Action.RESTART;
    }

    private void markInterrupted(long now) {
        if (!interrupted) {
            interrupted = true;
            interruptedAt = now;
        }
    }

    private void endRecovery() {
        recovering = false;
        attempts = 0;
        deadline = -1;
        answerDeadline = -1;
    }

    @Override
    public String toString() {
        return "IceRestartPlanner[recovering=" + recovering + ", attempts=" + attempts + ", lastAttemptAt="
                + lastAttemptAt + ", deadline=" + deadline + ", answerDeadline=" + answerDeadline + ", total="
                + totalRestarts + "]";
    }
}
