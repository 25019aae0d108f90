package dev.callwire.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.ClientConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EngineContextTest {

    @Test
    void aCompletionIsNeverDroppedWhenTheEventQueueIsFull() {
        List<Runnable> held = new ArrayList<>();
        SerialLane events = new SerialLane(held::add, "events", 1); // the shared executor never runs anything
        EngineContext context = new EngineContext(ClientConfig.builder(URI.create("ws://127.0.0.1:1/ws")).build(),
                null, new AtomicReference<>(), events, Runnable::run, Runnable::run);
        events.execute(() -> { });
        assertThatThrownBy(() -> events.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);

        CompletableFuture<String> result = new CompletableFuture<>();
        context.completeOnEvents(() -> result.complete("done"));

        assertThat(result).isCompletedWithValue("done");
    }
}
