package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.media.AudioInput;
import dev.callwire.media.VideoInput;
import java.util.List;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

    @Test
    void menuKeepsFixedEntriesAroundTheDevices() {
        assertThat(DeviceChoice.menu(List.of("Cam A", "Cam B", "Cam A"))).containsExactly(DeviceChoice.AUTOMATIC,
                DeviceChoice.SYNTHETIC, DeviceChoice.device("Cam A"), DeviceChoice.device("Cam B"), DeviceChoice.NONE);
        assertThat(DeviceChoice.menu(List.of())).hasSize(3);
    }

    @Test
    void keysRoundTripAndUnknownKeysMeanAutomatic() {
        for (DeviceChoice c : DeviceChoice.menu(List.of("USB Camera: 1"))) {
            assertThat(DeviceChoice.fromKey(c.key())).isEqualTo(c);
        }
        assertThat(DeviceChoice.fromKey("garbage")).isEqualTo(DeviceChoice.AUTOMATIC);
        assertThat(DeviceChoice.fromKey("device:")).isEqualTo(DeviceChoice.AUTOMATIC);
        assertThat(DeviceChoice.fromKey(null)).isEqualTo(DeviceChoice.AUTOMATIC);
    }

    @Test
    void choicesBecomeSdkInputs() {
        assertThat(DeviceChoice.device("Cam").video()).isEqualTo(VideoInput.camera("Cam"));
        assertThat(DeviceChoice.SYNTHETIC.video()).isEqualTo(VideoInput.testPattern());
        assertThat(DeviceChoice.NONE.audio()).isEqualTo(AudioInput.none());
        assertThat(DeviceChoice.device("Mic").audio()).isEqualTo(AudioInput.microphone("Mic"));
    }

    @Test
    void preferencesRememberWhatWasSaved() throws Exception {
        Preferences node = Preferences.userRoot().node("/dev/callwire/samples/swing/unit-" + System.nanoTime());
        try {
            DemoPrefs prefs = new DemoPrefs(node);
            assertThat(prefs.video()).isEqualTo("auto");
            assertThat(prefs.ringSound()).isTrue();
            prefs.saveIdentity("Ada", "lab");
            prefs.saveDevices(DeviceChoice.device("Cam"), DeviceChoice.SYNTHETIC);
            prefs.saveRingSound(false);
            prefs.saveTheme(Theme.Choice.DARK);
            DemoPrefs again = new DemoPrefs(Preferences.userRoot().node(node.absolutePath()));
            assertThat(again.name("x")).isEqualTo("Ada");
            assertThat(again.room("x")).isEqualTo("lab");
            assertThat(DeviceChoice.fromKey(again.video())).isEqualTo(DeviceChoice.device("Cam"));
            assertThat(DeviceChoice.fromKey(again.audio())).isEqualTo(DeviceChoice.SYNTHETIC);
            assertThat(again.ringSound()).isFalse();
            assertThat(again.theme()).isEqualTo(Theme.Choice.DARK);
        } finally {
            node.removeNode();
        }
    }

    @Test
    void numberedNamesKeepTheExtension() {
        assertThat(ChatPanel.numbered("report.pdf", 2)).isEqualTo("report (2).pdf");
        assertThat(ChatPanel.numbered("README", 1)).isEqualTo("README (1)");
    }

    @Test
    void ringIsOneSecondOfSixteenBitPcmThatFadesIn() {
        byte[] pcm = RingSound.ring(1.0);
        assertThat(pcm).hasSize(32_000);
        assertThat(pcm[0]).isZero();
        assertThat(pcm[1]).isZero();
    }
}
