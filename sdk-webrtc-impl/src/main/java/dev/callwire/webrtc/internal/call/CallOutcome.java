package dev.callwire.webrtc.internal.call;

import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallStateCause;
import dev.callwire.CallwireException;
import dev.callwire.EndReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * How a call's state changes reach the application: the room listeners' events and the two futures behind
 * {@code connected()} and {@code ended()}, completed on the event thread and handed out only as copies. Fed by the call's state machine
 * on the engine thread.
 */
final class CallOutcome {

    private final CallSession call;
    private final CallHost host;
    private final Executor events;
    private final CompletableFuture<CallSession> connected = new CompletableFuture<>();
    private final CompletableFuture<EndReason> ended = new CompletableFuture<>();

    CallOutcome(CallSession call, CallHost host, Executor events) {
        this.call = call;
        this.host = host;
        this.events = events;
    }

    /** Any thread: a new stage per caller, so no caller can complete or cancel the call's own future. */
    CompletionStage<CallSession> connected() {
        return Stages.copyOf(connected);
    }

    /** Any thread: a new stage per caller, like {@link #connected()}. */
    CompletionStage<EndReason> ended() {
        return Stages.copyOf(ended);
    }

    /** The call moved to a live state. */
    void moved(CallState to, CallStateCause cause) {
        host.fire(l -> l.onCallStateChanged(host.room(), call, to, cause));
        if (to == CallState.CONNECTED) {
            events.execute(() -> connected.complete(call));
        }
    }

    /** The call ended; {@code failureDetail}, if any, says why it could not connect. */
    void ended(EndReason reason, String failureDetail) {
        host.fire(l -> l.onCallEnded(host.room(), call, reason));
        CallwireException notConnected = new CallwireException(CallwireException.Reason.CALL_ENDED,
                "call " + call.id() + " ended (" + reason + ") before it connected"
                        + (failureDetail == null ? "" : ": " + failureDetail));
        events.execute(() -> {
            connected.completeExceptionally(notConnected);
            ended.complete(reason);
        });
    }
}
