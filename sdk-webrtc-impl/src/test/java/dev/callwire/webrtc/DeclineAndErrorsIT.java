package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallTimeouts;
import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallwireException;
import dev.callwire.EndReason;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls that do not connect end clearly, on both sides, with the right reason. */
class DeclineAndErrorsIT {

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void declinedCallEndsBothSidesWithDeclined() throws Exception {
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(clients.client("alice"), "decline", CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, bobEvents);

        CallSession outgoing = TestClients.call(aliceRoom, bobRoom.selfId());
        await().atMost(Duration.ofSeconds(10)).until(() -> bobEvents.incoming.size() == 1);
        CallSession incoming = bobEvents.incoming.get(0);
        incoming.decline();

        assertThat(outgoing.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.DECLINED);
        assertThat(incoming.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.DECLINED);
        assertThatThrownBy(() -> outgoing.connected().toCompletableFuture().get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(CallwireException.class);
        assertThatThrownBy(incoming::accept).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callingAnAbsentPeerFailsNamingThePeer() {
        Room aliceRoom = TestClients.join(clients.client("alice"), "lonely", CallRecorder.passive());

        assertThatThrownBy(() -> TestClients.await(aliceRoom.call(new Peer("nobody", "Nobody"))))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.UNKNOWN_PEER))
                .hasMessageContaining("nobody");
        assertThat(aliceRoom.calls()).isEmpty();
    }

    @Test
    void unansweredCallTimesOutOnBothSides() throws Exception {
        CallClient alice = clients.client("alice", b -> b.timeouts(CallTimeouts.defaults().withRing(Duration.ofSeconds(2))));
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "timeout", CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, bobEvents);

        CallSession outgoing = TestClients.call(aliceRoom, bobRoom.selfId());
        await().atMost(Duration.ofSeconds(10)).until(() -> bobEvents.incoming.size() == 1);

        assertThat(outgoing.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.TIMEOUT);
        assertThat(bobEvents.incoming.get(0).ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.TIMEOUT);
        assertThat(bobEvents.incoming.get(0).state()).isEqualTo(CallState.ENDED);
    }

    @Test
    void peerLeavingEndsTheCallWithPeerLeft() throws Exception {
        CallRecorder aliceEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(clients.client("alice"), "leaving", aliceEvents);
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, CallRecorder.accepting());

        CallSession outgoing = TestClients.call(aliceRoom, bobRoom.selfId());
        outgoing.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        Peer alice = bobRoom.peer(aliceRoom.selfId()).orElseThrow();
        bobRoom.leave().toCompletableFuture().get(10, TimeUnit.SECONDS);

        // Bob hangs up on leaving, so alice sees his bye before (or instead of) his departure.
        assertThat(outgoing.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isIn(EndReason.HANGUP, EndReason.PEER_LEFT);
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceEvents.left.size() == 1);
        assertThat(aliceRoom.peers()).isEmpty();
        assertThatThrownBy(() -> TestClients.await(bobRoom.call(alice)))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.NOT_JOINED));
        assertThatThrownBy(() -> TestClients.await(bobRoom.callEveryone()))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.NOT_JOINED));
    }

    @Test
    void aPeerThatLeftIsUnknownEvenWhenTheCallerStillHoldsIt() throws Exception {
        Room aliceRoom = TestClients.join(clients.client("alice"), "gone", CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, CallRecorder.passive());
        Peer bob = aliceRoom.peer(bobRoom.selfId()).orElseThrow();

        bobRoom.leave().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceRoom.peers().isEmpty());

        assertThatThrownBy(() -> TestClients.await(aliceRoom.call(bob)))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.UNKNOWN_PEER))
                .hasMessageContaining(bob.id());
        assertThat(aliceRoom.calls()).isEmpty();
    }
}
