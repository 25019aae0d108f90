package dev.callwire.webrtc.internal.call;

import dev.callwire.CallState;
import dev.callwire.EndReason;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The legal moves of a call's {@link CallState}. Pure logic, confined to the engine thread: a move that
 * is not allowed (say, back to {@code RINGING}, or anything after {@code ENDED}) is refused and
 * reported as {@code false}, so late native callbacks cannot resurrect a call.
 */
final class CallStateMachine {

    /** Told of every accepted move. */
    interface Observer {
        void onTransition(CallState from, CallState to, EndReason reason);
    }

    private static final Map<CallState, Set<CallState>> ALLOWED = Map.of(
            CallState.RINGING, EnumSet.of(CallState.CONNECTING, CallState.CONNECTED, CallState.ENDED),
            CallState.CONNECTING, EnumSet.of(CallState.CONNECTED, CallState.ENDED),
            CallState.CONNECTED, EnumSet.of(CallState.RECONNECTING, CallState.ENDED),
            CallState.RECONNECTING, EnumSet.of(CallState.CONNECTED, CallState.ENDED),
            CallState.ENDED, EnumSet.noneOf(CallState.class));

    private final Observer observer;
    private CallState state = CallState.RINGING;
    private EndReason endReason;

    CallStateMachine(Observer observer) {
        this.observer = observer;
    }

    CallState state() {
        return state;
    }

    EndReason endReason() {
        return endReason;
    }

    boolean isEnded() {
        return state == CallState.ENDED;
    }

    /** Moves to a live state; {@code false} if that move is not allowed from here. */
    boolean moveTo(CallState next) {
        if (next == CallState.ENDED) {
            throw new IllegalArgumentException("use end(reason) to end a call");
        }
        return apply(next, null);
    }

    /** Ends the call with {@code reason}; {@code false} if it had already ended. */
    boolean end(EndReason reason) {
        return apply(CallState.ENDED, java.util.Objects.requireNonNull(reason, "reason"));
    }

    private boolean apply(CallState next, EndReason reason) {
        if (!ALLOWED.get(state).contains(next)) {
            return false;
        }
        CallState previous = state;
        state = next;
        if (next == CallState.ENDED) {
            endReason = reason;
        }
        observer.onTransition(previous, next, reason);
        return true;
    }
}
