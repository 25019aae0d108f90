package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallDirection;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallStats;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two clients in one JVM call each other through real libwebrtc (ICE, DTLS-SRTP, VP8, Opus). */
class OneToOneCallIT {

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void bothSidesDecodeVideoAndReceiveAudioThenHangUpEndsBoth() throws Exception {
        CallClient alice = clients.client("alice");
        CallClient bob = clients.client("bob");
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "lobby", CallRecorder.passive());
        Room bobRoom = TestClients.join(bob, "lobby", bobEvents);
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceRoom.peers().size() == 1);
        FrameProbe bobPreview = new FrameProbe();
        bob.addLocalVideoRenderer(bobPreview);
        await("preview before any call").atMost(Duration.ofSeconds(15))
                .until(() -> bobPreview.changedFrames() > 3 && bobPreview.width() == TestClients.WIDTH);

        FrameProbe aliceSees = new FrameProbe();
        FrameProbe bobSees = new FrameProbe();
        FrameProbe alicePreview = new FrameProbe();
        CallSession outgoing = TestClients.call(aliceRoom, bobRoom.selfId());
        outgoing.remoteVideo().addRenderer(aliceSees);
        alice.addLocalVideoRenderer(alicePreview); // the preview is the client's, not the call's
        assertThat(outgoing.direction()).isEqualTo(CallDirection.OUTGOING);
        // One caller meddling with the stages it got changes nothing for the SDK or for other callers.
        CompletableFuture<CallSession> meddledConnected = outgoing.connected().toCompletableFuture();
        CompletableFuture<EndReason> meddledEnded = outgoing.ended().toCompletableFuture();
        assertThat(meddledConnected.cancel(true)).isTrue();
        meddledEnded.obtrudeValue(EndReason.FAILED);
        CompletionStage<CallSession> othersConnected = outgoing.connected();
        CompletionStage<EndReason> othersEnded = outgoing.ended();

        await().atMost(Duration.ofSeconds(10)).until(() -> bobEvents.incoming.size() == 1);
        CallSession incoming = bobEvents.incoming.get(0);
        assertThat(incoming.id()).isEqualTo(outgoing.id());
        assertThat(incoming.state()).isEqualTo(CallState.RINGING);
        assertThat(incoming.peer().displayName()).isEqualTo("alice");
        assertThat(bobEvents.threads).allMatch(name -> name.startsWith("callwire-events-"));
        incoming.remoteVideo().addRenderer(bobSees);
        incoming.accept();

        assertThat(othersConnected.toCompletableFuture().get(20, TimeUnit.SECONDS)).isSameAs(outgoing);
        incoming.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(outgoing.state()).isEqualTo(CallState.CONNECTED);
        assertThat(othersEnded.toCompletableFuture()).as("the SDK's ended() is not the meddled one").isNotDone();
        assertThat(meddledConnected).isCancelled();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(aliceSees.changedFrames()).as("alice decodes bob's moving video").isGreaterThan(10);
            assertThat(bobSees.changedFrames()).as("bob decodes alice's moving video").isGreaterThan(10);
            assertThat(alicePreview.frames()).as("alice sees her own preview").isGreaterThan(10);
        });
        assertThat(aliceSees.width()).isEqualTo(TestClients.WIDTH);
        assertThat(aliceSees.height()).isEqualTo(TestClients.HEIGHT);
        assertThat(bobSees.width()).isEqualTo(TestClients.WIDTH);
        assertThat(bobSees.height()).isEqualTo(TestClients.HEIGHT);
        assertThat(aliceSees.maxLuma()).as("the colour bars are not black").isGreaterThan(150);
        assertThat(outgoing.remoteVideo().isActive()).isTrue();
        assertThat(outgoing.remoteScreen().isActive()).as("nobody shares a screen").isFalse();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            CallStats aliceStats = outgoing.stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
            CallStats bobStats = incoming.stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(aliceStats.audioIn().packetsReceived()).as("alice receives audio").isGreaterThan(50);
            assertThat(bobStats.audioIn().packetsReceived()).as("bob receives audio").isGreaterThan(50);
            assertThat(bobStats.videoIn().framesDecoded()).isGreaterThan(10);
            assertThat(bobStats.videoIn().frameWidth()).isEqualTo(TestClients.WIDTH);
            assertThat(aliceStats.candidateType()).isEqualTo(CallStats.CandidateType.HOST);
            assertThat(aliceStats.roundTripTimeMillis()).isGreaterThanOrEqualTo(0);
        });

        outgoing.hangUp();
        assertThat(othersEnded.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(incoming.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(outgoing.state()).isEqualTo(CallState.ENDED);
        assertThat(outgoing.endReason()).contains(EndReason.HANGUP);
        assertThat(meddledEnded.get()).as("the meddler only changed its own copy").isEqualTo(EndReason.FAILED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !outgoing.remoteVideo().isActive());
        assertThat(aliceRoom.calls()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> bobRoom.calls().isEmpty());
    }
}
