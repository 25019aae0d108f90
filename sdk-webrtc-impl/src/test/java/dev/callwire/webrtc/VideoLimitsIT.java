package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.CallStats;
import dev.callwire.Room;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import dev.callwire.media.VideoLimits;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Caps on sent video take effect live: measured bitrate drops, decoded resolution shrinks. */
class VideoLimitsIT {

    private final TestClients clients = new TestClients();
    private CallSession aliceCall;
    private FrameProbe bobSees;

    @BeforeEach
    void connect() throws Exception {
        MediaOptions vga = MediaOptions.builder().video(VideoInput.testPattern()).audio(AudioInput.tone(440))
                .resolution(640, 480).frameRate(30).build();
        Room aliceRoom = TestClients.join(clients.client("alice", b -> b.media(vga)), "limits", CallRecorder.passive());
        CallRecorder bobEvents = CallRecorder.accepting();
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, bobEvents);
        aliceCall = TestClients.call(aliceRoom, bobRoom.selfId());
        aliceCall.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> bobEvents.incoming.size() == 1);
        bobSees = new FrameProbe();
        bobEvents.incoming.get(0).remoteVideo().addRenderer(bobSees);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void aBitrateCapLowersTheMeasuredOutboundBitrate() {
        // Uncapped, congestion control ramps the test pattern well above the cap we will set.
        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(1))
                .until(() -> outboundVideoBitrate() > 150_000);

        aliceCall.setVideoLimits(VideoLimits.maxBitrate(50_000));
        assertThat(aliceCall.videoLimits().maxBitrateBps()).isEqualTo(50_000);

        // Two consecutive one-second windows under 1.5x the cap: the encoder obeys, not just one lucky sample.
        AtomicInteger quietWindows = new AtomicInteger();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long bitrate = outboundVideoBitrate();
            return bitrate > 0 && bitrate < 75_000 ? quietWindows.incrementAndGet() >= 2 : quietWindows.getAndSet(0) < 0;
        });
        assertThat(bobSees.changedFrames()).as("video still flows under the cap").isPositive();
    }

    @Test
    void scalingDownHalvesTheDecodedResolution() {
        await().atMost(Duration.ofSeconds(30)).until(() -> bobSees.width() == 640);

        aliceCall.setVideoLimits(new VideoLimits(0, 0, 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> bobSees.width() == 320 && bobSees.height() == 240);
        aliceCall.setVideoLimits(VideoLimits.NONE);
        await().atMost(Duration.ofSeconds(30)).until(() -> bobSees.width() == 640);
    }

    private long outboundVideoBitrate() throws Exception {
        CallStats stats = aliceCall.stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return stats.videoOut().bitrateBps();
    }
}
