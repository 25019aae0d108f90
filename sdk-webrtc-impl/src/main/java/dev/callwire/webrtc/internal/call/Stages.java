package dev.callwire.webrtc.internal.call;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Hands the SDK's futures to the application without handing over the power to complete them. */
final class Stages {

    private Stages() {
    }

    /**
     * A new stage completing like {@code source}, in the thread that completes {@code source}. Completing,
     * cancelling or obtruding the copy leaves {@code source} and every other copy alone. A failure arrives as
     * the exception {@code source} failed with (not wrapped), as it did when the source itself was handed out.
     */
    static <T> CompletionStage<T> copyOf(CompletableFuture<T> source) {
        CompletableFuture<T> copy = new CompletableFuture<>();
        source.whenComplete((value, failure) -> {
            if (failure == null) {
                copy.complete(value);
            } else {
                copy.completeExceptionally(failure);
            }
        });
        return copy;
    }
}
