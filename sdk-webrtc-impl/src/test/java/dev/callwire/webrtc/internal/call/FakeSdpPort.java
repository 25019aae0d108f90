package dev.callwire.webrtc.internal.call;

import dev.callwire.protocol.IceCandidate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A peer connection's SDP surface without libwebrtc: records every operation, moves the signaling state as
 * libwebrtc would, and completes each step at once or, when {@link #hold} is set, when the test says so.
 */
final class FakeSdpPort implements SdpPort {

    final List<String> log = new ArrayList<>();
    SignalingState state = SignalingState.STABLE;
    boolean hold;
    boolean rejectCandidates;
    String failNext;
    private final Deque<Runnable> held = new ArrayDeque<>();
    private int offers;
    private int answers;

    @Override
    public CompletableFuture<String> createOffer() {
        log.add("createOffer");
        return step("createOffer", () -> "offer-" + ++offers);
    }

    @Override
    public CompletableFuture<String> createAnswer() {
        log.add("createAnswer");
        return step("createAnswer", () -> "answer-" + ++answers);
    }

    @Override
    public CompletableFuture<Void> setLocal(Kind kind, String sdp) {
        log.add("setLocal " + kind + " " + sdp);
        return step("setLocal", () -> {
            state = kind == Kind.OFFER ? SignalingState.HAVE_LOCAL_OFFER : SignalingState.STABLE;
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> setRemote(Kind kind, String sdp) {
        log.add("setRemote " + kind + " " + sdp);
        return step("setRemote", () -> {
            state = kind == Kind.OFFER ? SignalingState.HAVE_REMOTE_OFFER : SignalingState.STABLE;
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> rollback() {
        log.add("rollback");
        return step("rollback", () -> {
            state = SignalingState.STABLE;
            return null;
        });
    }

    @Override
    public void addCandidate(IceCandidate candidate) {
        log.add("candidate " + candidate.candidate());
        if (rejectCandidates) {
            throw new IllegalArgumentException("malformed candidate");
        }
    }

    @Override
    public SignalingState signalingState() {
        return state;
    }

    @Override
    public void restartIce() {
        log.add("restartIce");
    }

    /** Completes the oldest held step. */
    void release() {
        held.removeFirst().run();
    }

    int heldSteps() {
        return held.size();
    }

    private <T> CompletableFuture<T> step(String name, java.util.function.Supplier<T> effect) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Runnable completion = () -> {
            if (name.equals(failNext)) {
                failNext = null;
                future.completeExceptionally(new IllegalStateException(name + " failed"));
            } else {
                future.complete(effect.get());
            }
        };
        if (hold) {
            held.addLast(completion);
        } else {
            completion.run();
        }
        return future;
    }
}
