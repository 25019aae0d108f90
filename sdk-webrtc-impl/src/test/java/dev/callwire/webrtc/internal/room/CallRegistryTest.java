package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.IceCandidate;
import org.junit.jupiter.api.Test;

class CallRegistryTest {

    private final CallRegistry<FakeCall> registry = new CallRegistry<>();

    private static IceCandidate candidate(String name) {
        return new IceCandidate("candidate:" + name, "0", 0);
    }

    @Test
    void aRegisteredCallGetsTheCandidatesThatCameAheadOfIt() {
        registry.holdEarly("c1", candidate("a"));
        registry.holdEarly("c1", candidate("b"));
        registry.holdEarly("other", candidate("x"));
        FakeCall call = new FakeCall("c1", "bob");

        registry.register(call);

        assertThat(call.received).containsExactly("candidate candidate:a", "candidate candidate:b");
        assertThat(registry.byId("c1")).isSameAs(call);
        assertThat(registry.byPeer("bob")).isSameAs(call);
        assertThat(registry.view()).containsExactly(call);
        assertThat(registry.earlyCallCount()).isEqualTo(1);
    }

    @Test
    void candidatesOfAnEndedCallAreNotKept() {
        registry.markEnded("gone");
        registry.holdEarly("gone", candidate("late"));

        FakeCall reuse = new FakeCall("gone", "bob");
        registry.register(reuse);

        assertThat(reuse.received).isEmpty();
        assertThat(registry.earlyCallCount()).isZero();
    }

    @Test
    void earlyCandidatesAreBoundedInCallsAndPerCall() {
        for (int i = 0; i < CallRegistry.MAX_EARLY_CALLS + 5; i++) {
            registry.holdEarly("call-" + i, candidate("c"));
        }
        for (int i = 0; i < CallRegistry.MAX_EARLY_CANDIDATES_PER_CALL + 5; i++) {
            registry.holdEarly("busy", candidate(Integer.toString(i)));
        }
        FakeCall first = new FakeCall("call-0", "p0");
        FakeCall busy = new FakeCall("busy", "p1");
        registry.register(first);
        registry.register(busy);

        assertThat(registry.earlyCallCount()).isLessThanOrEqualTo(CallRegistry.MAX_EARLY_CALLS);
        assertThat(first.received).as("the eldest early call was evicted").isEmpty();
        assertThat(busy.received).hasSize(CallRegistry.MAX_EARLY_CANDIDATES_PER_CALL);
    }

    @Test
    void aForgottenCallLeavesAndItsIdIsRememberedAsEnded() {
        FakeCall call = new FakeCall("c1", "bob");
        registry.register(call);

        registry.forget(call);

        assertThat(registry.byId("c1")).isNull();
        assertThat(registry.byPeer("bob")).isNull();
        assertThat(registry.isEnded("c1")).isTrue();
        assertThat(registry.view()).isEmpty();
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void rekeyingMovesTheCallAndEndsItsOldId() {
        FakeCall call = new FakeCall("ours", "bob");
        registry.register(call);
        registry.holdEarly("theirs", candidate("t"));

        call.adopt("theirs", "sdp");
        registry.rekey(call, "ours");

        assertThat(registry.byId("theirs")).isSameAs(call);
        assertThat(registry.byId("ours")).isNull();
        assertThat(registry.isEnded("ours")).isTrue();
        assertThat(call.received).endsWith("candidate candidate:t");
    }

    @Test
    void endedIdsAreRememberedUpToABound() {
        for (int i = 0; i <= CallRegistry.REMEMBERED_ENDED_CALLS; i++) {
            registry.markEnded("ended-" + i);
        }
        assertThat(registry.isEnded("ended-0")).as("the eldest is forgotten").isFalse();
        assertThat(registry.isEnded("ended-" + CallRegistry.REMEMBERED_ENDED_CALLS)).isTrue();
    }
}
