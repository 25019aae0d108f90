package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Trickled candidates may overtake the offer (another transport path, a relay): the callee keeps them. */
class EarlyCandidatesIT {

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void candidatesDeliveredBeforeTheOfferStillConnect() throws Exception {
        clients.hub().holdOffersUntilEndOfCandidates(true);
        Room aliceRoom = TestClients.join(clients.client("alice"), "early", CallRecorder.passive());
        CallRecorder bobEvents = CallRecorder.accepting();
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, bobEvents);

        CallSession outgoing = TestClients.call(aliceRoom, bobRoom.selfId());
        outgoing.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(clients.hub().candidatesDeliveredBeforeOffer(outgoing.id()))
                .as("candidates reached bob before the offer").isGreaterThan(0);
        FrameProbe bobSees = new FrameProbe();
        bobEvents.incoming.get(0).remoteVideo().addRenderer(bobSees);
        await().atMost(Duration.ofSeconds(10)).until(() -> bobSees.changedFrames() > 5);
    }
}
