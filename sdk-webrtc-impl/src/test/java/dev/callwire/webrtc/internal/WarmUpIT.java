package dev.callwire.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import dev.callwire.webrtc.internal.natives.NativeWebRtc;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's rehearsal of a call on real libwebrtc: it completes an offer/answer exchange, connects, stops at the
 * first frame rendered and releases every native object it made; without a rendered frame it stops after its frame
 * budget; a real call placed while it is still running neither waits for it nor is disturbed by it, and it gives
 * way, also while it is pushing frames; a client closed meanwhile releases it too.
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
    void theRehearsalConnectsAndRendersAFrameThenReleasesWhatItMade() throws Exception {
        WebRtcCallClient client = (WebRtcCallClient) clients.client("alone");

        assertThat(client.warmedUp().get(20, TimeUnit.SECONDS)).isEqualTo(WarmUpPair.Outcome.RENDERED);
        assertThat(WarmUpPair.live()).as("native objects of rehearsals left").isZero();
    }

    @Test
    void aRehearsalStopsAtItsFirstRenderedFrameAndClosingItAgainDoesNothing() throws Exception {
        ExecutorService render = Executors.newCachedThreadPool(Threads.daemon("warm-it-render"));
        try (Factory factory = new Factory()) {
            WarmUpPair pair = WarmUpPair.start(factory.factory, "warm-it", render, "rendering");

            assertThat(pair.finished().get(20, TimeUnit.SECONDS)).isEqualTo(WarmUpPair.Outcome.RENDERED);
            assertThat(pair.framesPushed()).as("frames pushed").isBetween(1, WarmUpPair.MAX_FRAMES - 1);
            int pushed = pair.framesPushed();
            pair.close();
            pair.close();
            pair.yieldToCall();
            assertThat(pair.finished().get()).isEqualTo(WarmUpPair.Outcome.RENDERED);
            assertThat(pair.framesPushed()).isEqualTo(pushed);
            assertThat(WarmUpPair.live()).as("native objects of rehearsals left").isZero();
        } finally {
            render.shutdown();
        }
    }

    @Test
    void withoutARenderedFrameTheRehearsalStopsWhenItsFrameBudgetIsSpent() throws Exception {
        try (Factory factory = new Factory()) {
            WarmUpPair pair = WarmUpPair.start(factory.factory, "warm-it", NO_RENDERER, "no renderer");

            assertThat(pair.finished().get(20, TimeUnit.SECONDS)).isEqualTo(WarmUpPair.Outcome.EXCHANGED);
            assertThat(pair.framesPushed()).isEqualTo(WarmUpPair.MAX_FRAMES);
            assertThat(WarmUpPair.live()).as("native objects of rehearsals left").isZero();
        }
    }

    @Test
    void aCallStartingWhileTheRehearsalPushesFramesStopsItAtOnce() throws Exception {
        try (Factory factory = new Factory()) {
            WarmUpPair pair = WarmUpPair.start(factory.factory, "warm-it", NO_RENDERER, "yielding");
            await("the rehearsal pushes frames").atMost(Duration.ofSeconds(10))
                    .until(() -> pair.framesPushed() >= 3);

            pair.yieldToCall();

            assertThat(pair.finished().get(5, TimeUnit.SECONDS)).isEqualTo(WarmUpPair.Outcome.YIELDED);
            assertThat(pair.framesPushed()).isLessThan(WarmUpPair.MAX_FRAMES);
            assertThat(WarmUpPair.live()).as("native objects of rehearsals left").isZero();
        }
    }

    /** Render threads that take nothing: the rehearsal's frames are decoded but never rendered. */
    private static final Executor NO_RENDERER = task -> {
        throw new RejectedExecutionException("no render thread in this test");
    };

    /** A factory of its own, as a client's, disposed after the rehearsal released what it made of it. */
    private static final class Factory implements AutoCloseable {
        private final HeadlessAudioDeviceModule audio;
        private final PeerConnectionFactory factory;

        Factory() {
            NativeWebRtc.load();
            audio = new HeadlessAudioDeviceModule();
            audio.initPlayout();
            audio.startPlayout();
            audio.initRecording();
            audio.startRecording();
            factory = new PeerConnectionFactory(audio);
        }

        @Override
        public void close() {
            audio.stopPlayout();
            audio.stopRecording();
            factory.dispose();
            audio.dispose();
        }
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
