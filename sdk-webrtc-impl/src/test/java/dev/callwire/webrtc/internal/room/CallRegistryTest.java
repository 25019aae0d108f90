package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.ClientLimits;
import dev.callwire.protocol.IceCandidate;
import org.junit.jupiter.api.Test;

class CallRegistryTest {

    /** Small caps so each is reached in a few steps: 4 per call / 100 characters, 10 / 300 per room. */
    private static final ClientLimits LIMITS = ClientLimits.builder().maxEarlyCandidatesPerCall(4, 100)
            .maxEarlyCandidates(10, 300).build();

    private final CallRegistry<FakeCall> registry = new CallRegistry<>("lobby", LIMITS);

    private static IceCandidate candidate(String name) {
        return new IceCandidate("candidate:" + name, "0", 0);
    }

    /** A candidate costing exactly {@code chars} characters (line plus media id "0"). */
    private static IceCandidate sized(int chars) {
        return new IceCandidate("x".repeat(chars - 1), "0", 0);
    }

    @Test
    void aRegisteredCallGetsTheCandidatesThatCameAheadOfIt() {
        registry.holdEarly("c1", "bob", candidate("a"));
        registry.holdEarly("c1", "bob", candidate("b"));
        registry.holdEarly("other", "bob", candidate("x"));
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
        registry.holdEarly("gone", "bob", candidate("late"));

        FakeCall reuse = new FakeCall("gone", "bob");
        registry.register(reuse);

        assertThat(reuse.received).isEmpty();
        assertThat(registry.earlyCallCount()).isZero();
    }

    @Test
    void earlyCandidatesAreBoundedPerCallInCountAndCharacters() {
        for (int i = 0; i < 6; i++) {
            registry.holdEarly("many", "bob", candidate(Integer.toString(i)));
        }
        registry.holdEarly("long", "bob", sized(60));
        registry.holdEarly("long", "bob", sized(60)); // 120 > 100 characters: refused
        registry.holdEarly("long", "bob", sized(40));

        FakeCall many = new FakeCall("many", "bob");
        registry.register(many);
        assertThat(many.received).hasSize(4).startsWith("candidate candidate:0");
        assertThat(registry.early().chars()).isEqualTo(100);
    }

    @Test
    void aFullRoomMakesTheBiggestHolderGiveWaySoAFloodOnlyPushesOutItsOwn() {
        for (int i = 0; i < 20; i++) { // mallory floods call ids: 10 fit, the rest are refused
            registry.holdEarly("m" + i, "mallory", candidate("junk"));
        }
        assertThat(registry.early().count()).isEqualTo(10);

        registry.holdEarly("real", "alice", candidate("a1"));
        registry.holdEarly("real", "alice", candidate("a2"));

        assertThat(registry.early().count()).as("room-wide cap holds").isEqualTo(10);
        assertThat(registry.earlyCallCount()).as("mallory's two eldest calls were forgotten").isEqualTo(9);
        FakeCall real = new FakeCall("real", "alice");
        registry.register(real);
        assertThat(real.received).containsExactly("candidate candidate:a1", "candidate candidate:a2");
        FakeCall eldest = new FakeCall("m0", "mallory");
        registry.register(eldest);
        assertThat(eldest.received).isEmpty();
    }

    @Test
    void theRoomWideCharacterCapHoldsAndTheBiggestHoldersOwnCandidateIsRefused() {
        for (int i = 0; i < 5; i++) {
            registry.holdEarly("m" + i, "mallory", sized(60)); // 300 characters: the room is full after these
        }
        registry.holdEarly("m9", "mallory", sized(10));
        assertThat(registry.early().chars()).isEqualTo(300);
        assertThat(registry.earlyCallCount()).as("her own new call is refused, not her old ones").isEqualTo(5);

        registry.holdEarly("real", "alice", sized(50));
        assertThat(registry.early().chars()).isLessThanOrEqualTo(300);
        FakeCall real = new FakeCall("real", "alice");
        registry.register(real);
        assertThat(real.received).hasSize(1);
    }

    @Test
    void aCallIdBelongsToThePeerThatFirstSentCandidatesForIt() {
        registry.holdEarly("c1", "mallory", candidate("planted"));
        registry.holdEarly("c1", "alice", candidate("mine"));

        FakeCall call = new FakeCall("c1", "alice");
        registry.register(call);

        assertThat(call.received).as("mallory's candidate is not handed to alice's call").isEmpty();
        assertThat(registry.early().count()).isZero();
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
        registry.holdEarly("theirs", "bob", candidate("t"));

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
