package dev.callwire.webrtc;

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

/** Both peers press "Call" at the same moment: perfect negotiation leaves exactly one call. */
class GlareIT {

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void simultaneousCallsSettleIntoOneConnectedCall() throws Exception {
        CallRecorder aliceEvents = CallRecorder.accepting();
        CallRecorder bobEvents = CallRecorder.accepting();
        Room aliceRoom = TestClients.join(clients.client("alice"), "glare", aliceEvents);
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, bobEvents);
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceRoom.peers().size() == 1);

        // Hold the network so both offers are in flight before either arrives.
        clients.hub().pause();
        CallSession fromAlice = TestClients.call(aliceRoom, bobRoom.selfId());
        CallSession fromBob = TestClients.call(bobRoom, aliceRoom.selfId());
        assertThat(fromAlice.id()).isNotEqualTo(fromBob.id());
        // Both offers reached the hub, which holds them until resume().
        await().atMost(Duration.ofSeconds(15)).until(() -> clients.hub().relayed().stream()
                .filter(m -> m.startsWith("offer")).count() == 2);
        clients.hub().resume();

        fromAlice.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        fromBob.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(fromAlice.id()).as("both sides share one call id").isEqualTo(fromBob.id());
        assertThat(aliceRoom.calls()).containsExactly(fromAlice);
        assertThat(bobRoom.calls()).containsExactly(fromBob);
        assertThat(aliceEvents.incoming).as("glare is not surfaced as an incoming call").isEmpty();
        assertThat(bobEvents.incoming).isEmpty();
        assertThat(fromAlice.state()).isEqualTo(CallState.CONNECTED);

        FrameProbe aliceSees = new FrameProbe();
        fromAlice.remoteVideo().addRenderer(aliceSees);
        await().atMost(Duration.ofSeconds(10)).until(() -> aliceSees.changedFrames() > 5);
    }
}
