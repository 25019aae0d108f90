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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer vanishing from signaling does not cut a call whose media flows, until it is clearly gone. */
class SignalingOutageIT {

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    /**
     * Long enough for the checks made inside it (the departure seen, 20 more frames) to fit even on a slow, loaded
     * machine; the test takes this long, so it is not longer.
     */
    private static final Duration GRACE = Duration.ofSeconds(8);

    @Test
    void connectedCallOutlivesThePeersSignalingDropThenEndsWithPeerLeft() throws Exception {
        CallRecorder aliceEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(clients.client("alice", b -> b.timeouts(CallTimeouts.defaults().withPeerLeftGrace(GRACE))), "outage",
                aliceEvents);
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, CallRecorder.accepting());
        CallSession call = TestClients.call(aliceRoom, bobRoom.selfId());
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        FrameProbe aliceSees = new FrameProbe();
        call.remoteVideo().addRenderer(aliceSees);
        AtomicLong endedAt = new AtomicLong();
        CompletableFuture<EndReason> ended = call.ended().toCompletableFuture()
                .whenComplete((reason, error) -> endedAt.set(System.nanoTime()));

        // The grace starts when alice learns of the departure, after this: the call cannot end before droppedAt + GRACE.
        long droppedAt = System.nanoTime();
        clients.hub().dropConnection(bobRoom.selfId());

        await().atMost(Duration.ofSeconds(10)).until(() -> aliceEvents.left.size() == 1);
        long framesAtDrop = aliceSees.changedFrames();
        await("media still flows after the departure").atMost(Duration.ofSeconds(10))
                .until(() -> aliceSees.changedFrames() > framesAtDrop + 20);

        assertThat(ended.get(GRACE.toSeconds() + 20, TimeUnit.SECONDS)).isEqualTo(EndReason.PEER_LEFT);
        // Not a state read at a moment the test does not control (the grace may have run out by then on a slow
        // machine): the end's own time, which the call cannot reach before the grace has passed if it kept going.
        assertThat(Duration.ofNanos(endedAt.get() - droppedAt)).as("the call outlived the departure by the grace")
                .isGreaterThanOrEqualTo(GRACE);
        assertThat(call.state()).isEqualTo(CallState.ENDED);
    }
}
