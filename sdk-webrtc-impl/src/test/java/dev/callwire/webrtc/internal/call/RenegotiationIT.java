package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An offer inside a live call (here an ICE restart) reuses the call id and is answered without ringing. */
class RenegotiationIT {

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void iceRestartRenegotiatesInsideTheCall() throws Exception {
        CallRecorder bobEvents = CallRecorder.accepting();
        Room aliceRoom = TestClients.join(clients.client("alice"), "reneg", CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, bobEvents);
        CallSession call = TestClients.call(aliceRoom, bobRoom.selfId());
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        FrameProbe aliceSees = new FrameProbe();
        call.remoteVideo().addRenderer(aliceSees);

        ((PeerCall) call).restartIce();

        await().atMost(Duration.ofSeconds(15)).until(() -> clients.hub().relayed().stream()
                .filter(m -> m.equals("answer " + call.id())).count() == 2);
        assertThat(clients.hub().relayed()).filteredOn(m -> m.equals("offer " + call.id())).hasSize(2);
        assertThat(bobEvents.incoming).as("renegotiation is not a new incoming call").hasSize(1);
        // One counter on both sides of the comparison: changed frames lag all frames by the repeats among them.
        long framesAfterRestart = aliceSees.changedFrames();
        await().atMost(Duration.ofSeconds(15)).until(() -> aliceSees.changedFrames() > framesAfterRestart + 5);
        assertThat(call.state()).isEqualTo(CallState.CONNECTED);
        assertThat(bobRoom.calls()).hasSize(1);
    }
}
