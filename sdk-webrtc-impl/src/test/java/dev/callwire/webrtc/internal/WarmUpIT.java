package dev.callwire.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's rehearsal of a call on real libwebrtc: it completes an offer/answer exchange and releases every
 * native object it made; a real call placed while it is still running neither waits for it nor is disturbed by
 * it, and it gives way; a client closed meanwhile releases it too.
 */
class WarmUpIT {

    /** Per rehearsal: 2 sources, 2 tracks, 2 peer connections, 4 senders, 1 data channel. */
    private static final int NATIVE_OBJECTS_PER_REHEARSAL = 11;

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        WarmUpPair.holdStepsUntil(CompletableFuture.completedFuture(null));
        clients.close();
    }

    @Test
    void theRehearsalExchangesOfferAndAnswerThenReleasesWhatItMade() throws Exception {
        WebRtcCallClient client = (WebRtcCallClient) clients.client("alone");

        assertThat(client.warmedUp().get(20, TimeUnit.SECONDS)).isEqualTo(WarmUpPair.Outcome.EXCHANGED);
        assertThat(WarmUpPair.live()).as("native objects of rehearsals left").isZero();
    }

    @Test
    void aCallPlacedWhileTheRehearsalRunsConnectsWithoutWaitingAndTheRehearsalGivesWay() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        WarmUpPair.holdStepsUntil(release); // both rehearsals stop after their first native step until released
        WebRtcCallClient alice = (WebRtcCallClient) clients.client("alice");
        WebRtcCallClient bob = (WebRtcCallClient) clients.client("bob");
        await("both rehearsals made their objects").atMost(Duration.ofSeconds(10))
                .until(() -> WarmUpPair.live() == 2 * NATIVE_OBJECTS_PER_REHEARSAL);

        Room aliceRoom = TestClients.join(alice, "warm", CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(bob, aliceRoom, CallRecorder.accepting());
        CallSession call = TestClients.call(aliceRoom, bobRoom.selfId());
        FrameProbe aliceSees = new FrameProbe();
        call.remoteVideo().addRenderer(aliceSees);
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await("alice decodes bob's video").atMost(Duration.ofSeconds(20))
                .until(() -> aliceSees.changedFrames() > 3);
        assertThat(aliceSees.width()).isEqualTo(TestClients.WIDTH);
        assertThat(aliceSees.height()).isEqualTo(TestClients.HEIGHT);
        assertThat(alice.warmedUp()).as("the call did not wait for alice's rehearsal").isNotDone();
        assertThat(bob.warmedUp()).as("the call did not wait for bob's rehearsal").isNotDone();

        release.complete(null);
        assertThat(alice.warmedUp().get(10, TimeUnit.SECONDS)).isEqualTo(WarmUpPair.Outcome.YIELDED);
        assertThat(bob.warmedUp().get(10, TimeUnit.SECONDS)).isEqualTo(WarmUpPair.Outcome.YIELDED);
        assertThat(WarmUpPair.live()).as("native objects of rehearsals left").isZero();
        long before = aliceSees.changedFrames();
        await("video still flows after the rehearsals closed").atMost(Duration.ofSeconds(10))
                .until(() -> aliceSees.changedFrames() > before + 3);
        call.hangUp();
        assertThat(call.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void closingTheClientDuringTheRehearsalReleasesIt() throws Exception {
        WarmUpPair.holdStepsUntil(new CompletableFuture<>()); // never released: only close() can end it
        WebRtcCallClient client = (WebRtcCallClient) clients.client("closing");
        await("the rehearsal made its objects").atMost(Duration.ofSeconds(10))
                .until(() -> WarmUpPair.live() == NATIVE_OBJECTS_PER_REHEARSAL);

        client.close();

        assertThat(client.warmedUp().get(10, TimeUnit.SECONDS)).isEqualTo(WarmUpPair.Outcome.CLOSED);
        assertThat(WarmUpPair.live()).as("native objects of rehearsals left").isZero();
    }
}
