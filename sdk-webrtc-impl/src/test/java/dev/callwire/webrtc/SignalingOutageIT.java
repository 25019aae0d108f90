package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallTimeouts;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer vanishing from signaling does not cut a call whose media flows, until it is clearly gone. */
class SignalingOutageIT {

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void connectedCallOutlivesThePeersSignalingDropThenEndsWithPeerLeft() throws Exception {
        CallRecorder aliceEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(clients.client("alice", b -> b.timeouts(CallTimeouts.defaults().withPeerLeftGrace(Duration.ofSeconds(3)))), "outage",
                aliceEvents);
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, CallRecorder.accepting());
        CallSession call = TestClients.call(aliceRoom, bobRoom.selfId());
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        FrameProbe aliceSees = new FrameProbe();
        call.remoteVideo().addRenderer(aliceSees);

        clients.hub().dropConnection(bobRoom.selfId());

        await().atMost(Duration.ofSeconds(5)).until(() -> aliceEvents.left.size() == 1);
        long framesAtDrop = aliceSees.changedFrames();
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceSees.changedFrames() > framesAtDrop + 20);
        assertThat(call.state()).as("media still flows, so the call goes on").isEqualTo(CallState.CONNECTED);

        assertThat(call.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.PEER_LEFT);
    }
}
