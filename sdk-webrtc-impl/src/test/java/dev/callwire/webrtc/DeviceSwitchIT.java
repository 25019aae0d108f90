package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallwireException;
import dev.callwire.DeviceList;
import dev.callwire.Room;
import dev.callwire.media.AudioInput;
import dev.callwire.media.VideoInput;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices are listed; switching the video source mid-call keeps the call and changes what the peer decodes. */
class DeviceSwitchIT {

    private final TestClients clients = new TestClients();
    private CallClient alice;
    private CallSession aliceCall;
    private FrameProbe bobSees;

    @BeforeEach
    void connect() throws Exception {
        alice = clients.client("alice");
        Room aliceRoom = TestClients.join(alice, "switch", CallRecorder.passive());
        CallRecorder bobEvents = CallRecorder.accepting();
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, bobEvents);
        aliceCall = TestClients.call(aliceRoom, bobRoom.selfId());
        aliceCall.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> bobEvents.incoming.size() == 1);
        bobSees = new FrameProbe();
        bobEvents.incoming.get(0).remoteVideo().addRenderer(bobSees);
        await().atMost(Duration.ofSeconds(10)).until(() -> bobSees.changedFrames() > 5);
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void devicesAreListedEvenOnAMachineWithoutAny() {
        DeviceList devices = alice.devices();

        assertThat(devices.cameras()).doesNotContainNull();
        assertThat(devices.microphones()).doesNotContainNull();
        assertThat(devices.speakers()).doesNotContainNull();
    }

    @Test
    void aClientWithTheDefaultMediaStartsWhereThereAreNoDevices() throws Exception {
        // Automatic camera and microphone: on this machine (no camera, no PulseAudio server) it must fall back
        // to the test pattern and tone in bounded time, never hang on device enumeration.
        CallClient defaults = clients.client("defaults", b -> b.media(dev.callwire.media.MediaOptions.defaults())
                .headlessAudio(false));
        FrameProbe preview = new FrameProbe();
        defaults.addLocalVideoRenderer(preview);
        defaults.join("switch", null).toCompletableFuture().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> preview.changedFrames() > 3);
        assertThat(defaults.devices().cameras()).isNotNull();
    }

    @Test
    void switchingToAnImageAndBackChangesWhatThePeerDecodesWithoutRenegotiating(@TempDir Path dir) throws Exception {
        Path red = dir.resolve("red.png");
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        ImageIO.write(image, "png", red.toFile());
        long offersBefore = clients.hub().relayed().stream().filter(m -> m.startsWith("offer")).count();

        TestClients.await(alice.setVideoInput(VideoInput.image(red)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            int argb = bobSees.centerArgb();
            assertThat((argb >> 16) & 0xff).as("red").isGreaterThan(200);
            assertThat((argb >> 8) & 0xff).as("green").isLessThan(60);
            assertThat(argb & 0xff).as("blue").isLessThan(60);
        });
        TestClients.await(alice.setVideoInput(VideoInput.testPattern()));
        long changedBefore = bobSees.changedFrames();
        // Read the centre once: two reads could come from two different frames.
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            int argb = bobSees.centerArgb();
            return bobSees.changedFrames() > changedBefore + 10 && (((argb >> 8) & 0xff) > 60 || (argb & 0xff) > 60);
        });

        assertThat(aliceCall.state()).isEqualTo(CallState.CONNECTED);
        assertThat(clients.hub().relayed().stream().filter(m -> m.startsWith("offer")).count())
                .as("replacing a track needs no new offer").isEqualTo(offersBefore);
    }

    @Test
    void aMissingCameraFailsNamingItAndTheCallKeepsItsVideo() {
        assertThatThrownBy(() -> TestClients.await(alice.setVideoInput(VideoInput.camera("No Such Camera 9000"))))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.MEDIA_DEVICE))
                .hasMessageContaining("camera");
        assertThatThrownBy(() -> TestClients.await(alice.setAudioInput(AudioInput.microphone("No Such Mic"))))
                .isInstanceOfSatisfying(CallwireException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.MEDIA_DEVICE));

        long changed = bobSees.changedFrames();
        await().atMost(Duration.ofSeconds(15)).until(() -> bobSees.changedFrames() > changed + 10);
        assertThat(aliceCall.state()).isEqualTo(CallState.CONNECTED);
    }

    @Test
    void aSwitchReturnsAtOnceAndEachCallerGetsItsOwnStage() {
        CompletableFuture<Void> mine = alice.setVideoInput(VideoInput.testPattern()).toCompletableFuture();
        CompletableFuture<Void> other = alice.setVideoInput(VideoInput.testPattern()).toCompletableFuture();
        // A caller giving up on its copy neither stops the switch nor touches another caller's stage.
        mine.cancel(false);

        assertThat(TestClients.await(other)).isNull();
        assertThat(mine).isDone();
        assertThat(other).isNotSameAs(mine);
    }

    @Test
    void screenSharingFailsAsAStageOnAHeadlessMachineAndTheQueryDoesNotWait() {
        assertThat(alice.isScreenSharing()).isFalse();
        CompletionStage<Void> share = alice.startScreenShare(dev.callwire.media.ScreenShare.screen(0));
        if (java.awt.GraphicsEnvironment.isHeadless()) {
            assertThatThrownBy(() -> TestClients.await(share))
                    .isInstanceOfSatisfying(CallwireException.class,
                            e -> assertThat(e.reason()).isEqualTo(CallwireException.Reason.MEDIA_DEVICE));
            assertThat(alice.isScreenSharing()).isFalse();
        } else {
            TestClients.await(share);
            assertThat(alice.isScreenSharing()).isTrue();
            TestClients.await(alice.stopScreenShare());
            assertThat(alice.isScreenSharing()).isFalse();
        }
    }
}
