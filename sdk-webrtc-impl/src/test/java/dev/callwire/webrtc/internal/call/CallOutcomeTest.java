package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallwireException;
import dev.callwire.EndReason;
import dev.callwire.Room;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The stages of {@code connected()} and {@code ended()}: what one caller does to its stage stays its own. */
class CallOutcomeTest {

    private final CallSession call = mock(CallSession.class);
    private final CallHost host = mock(CallHost.class);
    private final CallOutcome outcome;

    CallOutcomeTest() {
        when(call.id()).thenReturn("c1");
        when(host.room()).thenReturn(mock(Room.class));
        outcome = new CallOutcome(call, host, Runnable::run);
    }

    @Test
    void cancellingOrCompletingOneCallersStageChangesNothingForOthers() throws Exception {
        CompletableFuture<CallSession> meddledConnected = outcome.connected().toCompletableFuture();
        CompletableFuture<EndReason> meddledEnded = outcome.ended().toCompletableFuture();
        CompletionStage<CallSession> earlier = outcome.connected();

        assertThat(meddledConnected.cancel(true)).isTrue();
        assertThat(meddledEnded.complete(EndReason.FAILED)).isTrue();
        meddledEnded.obtrudeValue(EndReason.DECLINED);

        assertThat(earlier.toCompletableFuture()).as("an earlier caller's stage").isNotDone();
        assertThat(outcome.connected().toCompletableFuture()).as("a later caller's stage").isNotDone();
        assertThat(outcome.ended().toCompletableFuture()).isNotDone();

        outcome.moved(CallState.CONNECTED, dev.callwire.CallStateCause.MEDIA_CONNECTED);
        outcome.ended(EndReason.HANGUP, null);

        assertThat(earlier.toCompletableFuture().getNow(null)).isSameAs(call);
        assertThat(outcome.connected().toCompletableFuture().getNow(null)).isSameAs(call);
        assertThat(outcome.ended().toCompletableFuture().getNow(null)).isEqualTo(EndReason.HANGUP);
        assertThat(meddledConnected).isCancelled();
        assertThat(meddledEnded.get()).isEqualTo(EndReason.DECLINED);
    }

    @Test
    void eachCallGetsItsOwnStage() {
        assertThat(outcome.connected()).isNotSameAs(outcome.connected());
        assertThat(outcome.ended()).isNotSameAs(outcome.ended());
    }

    @Test
    void aCallEndingBeforeItConnectedFailsConnectedWithTheUnwrappedReason() {
        CompletableFuture<CallSession> meddled = outcome.connected().toCompletableFuture();
        CompletionStage<CallSession> connected = outcome.connected();
        meddled.complete(call);

        outcome.ended(EndReason.FAILED, "no route");

        assertThatThrownBy(() -> connected.toCompletableFuture().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CallwireException.class).hasMessageContaining("ended (FAILED)")
                .hasMessageContaining("no route");
        AtomicReference<Throwable> seen = new AtomicReference<>();
        connected.whenComplete((value, failure) -> seen.set(failure));
        assertThat(seen.get()).as("handlers see the SDK's exception itself, not a wrapper")
                .isInstanceOf(CallwireException.class);
        assertThat(meddled.join()).as("only the meddler's own copy says connected").isSameAs(call);
    }
}
