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
    private boolean interrupted;
    private long interruptedAt;
    private boolean recovering;
    private long recoveryStart;
    private int attempts;
    private long lastAttemptAt;
    private long deadline = -1;
    private int totalRestarts;
    private long lastRecoveredMillis = -1;

    IceRestartPlanner(IceRestartPolicy policy) {
        this.policy = policy;
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
        if (deadline < 0 || now < deadline) {
            return Action.NONE; // a timer of an earlier plan
        }
        deadline = -1;
        if (connected) {
            onConnected(now);
            return Action.NONE;
        }
        if (!recovering) {
            return attempt(now); // disconnected for longer than disconnectedTimeout
        }
        if (attempts < policy.maxAttempts() && now < recoveryStart + policy.window().toMillis()) {
            return attempt(now);
        }
        return Action.GIVE_UP;
    }

    /** When {@link #onDeadline} must be called next, in the caller's milliseconds; -1 for no timer. */
    long deadline() {
        return deadline;
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
    }

    @Override
    public String toString() {
        return "IceRestartPlanner[recovering=" + recovering + ", attempts=" + attempts + ", lastAttemptAt="
                + lastAttemptAt + ", deadline=" + deadline + ", total=" + totalRestarts + "]";
    }
}
