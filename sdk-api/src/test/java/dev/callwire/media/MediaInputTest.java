package dev.callwire.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MediaInputTest {

    @Test
    void videoFactoriesMakeTheRecordOfTheirKind() {
        assertThat(VideoInput.automatic()).isInstanceOf(VideoInput.Automatic.class);
        assertThat(VideoInput.camera()).isInstanceOf(VideoInput.FirstCamera.class);
        assertThat(VideoInput.camera("Logitech")).isEqualTo(new VideoInput.Camera("Logitech"));
        assertThat(VideoInput.testPattern()).isInstanceOf(VideoInput.TestPattern.class);
        assertThat(VideoInput.image(Path.of("away.png"))).isEqualTo(new VideoInput.Image(Path.of("away.png")));
        assertThat(VideoInput.none()).isInstanceOf(VideoInput.None.class);
    }

    @Test
    void videoInputsWithoutParametersAreEqualToEachOther() {
        assertThat(VideoInput.testPattern()).isEqualTo(VideoInput.testPattern())
                .hasSameHashCodeAs(VideoInput.testPattern()).isNotEqualTo(VideoInput.none());
        assertThat(VideoInput.automatic()).isNotEqualTo(VideoInput.camera());
    }

    @Test
    void aCameraNeedsANameThatSelectsSomething() {
        assertThatThrownBy(() -> VideoInput.camera(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name").hasMessageContaining("VideoInput.camera()");
        // A blank name would be contained in every camera's name and so pick one silently.
        assertThatThrownBy(() -> VideoInput.camera("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> VideoInput.image(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("file");
    }

    @Test
    void audioFactoriesMakeTheRecordOfTheirKind() {
        assertThat(AudioInput.automatic()).isInstanceOf(AudioInput.Automatic.class);
        assertThat(AudioInput.microphone()).isInstanceOf(AudioInput.DefaultMicrophone.class);
        assertThat(AudioInput.microphone("USB")).isEqualTo(new AudioInput.Microphone("USB"));
        assertThat(AudioInput.tone(440)).isEqualTo(new AudioInput.Tone(440, 0.5));
        assertThat(AudioInput.tone(300, 0.1)).isEqualTo(new AudioInput.Tone(300, 0.1));
        assertThat(AudioInput.none()).isEqualTo(new AudioInput.None());
    }

    @Test
    void aToneChecksItsRangesAndAMicrophoneItsName() {
        assertThat(new AudioInput.Tone(23_999, 1).level()).isEqualTo(1);
        assertThat(new AudioInput.Tone(0.5, 0).level()).isZero();
        for (double hz : new double[] {0, -1, 24_000, Double.NaN}) {
            assertThatThrownBy(() -> AudioInput.tone(hz)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("hz").hasMessageContaining(String.valueOf(hz));
        }
        for (double level : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> AudioInput.tone(440, level)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("level");
        }
        assertThatThrownBy(() -> AudioInput.microphone(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("AudioInput.microphone()");
        assertThatThrownBy(() -> AudioInput.microphone("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void screenFactoriesShareAWholeScreenOrARegionAtTenFps() {
        assertThat(ScreenShare.screen(1)).isEqualTo(new ScreenShare.WholeScreen(1, 10));
        ScreenShare region = ScreenShare.region(10, 20, 300, 200);
        assertThat(region).isEqualTo(new ScreenShare.Region(0, 10, 20, 300, 200, 10));
        assertThat(region.screen()).isZero();
        assertThat(region.frameRate()).isEqualTo(10);
        // The old sentinels for "whole screen" are now simply an invalid region.
        assertThatThrownBy(() -> ScreenShare.region(-1, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void screenSharesNameTheValueThatIsOutOfRange() {
        assertThatThrownBy(() -> ScreenShare.screen(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("screen");
        assertThatThrownBy(() -> new ScreenShare.WholeScreen(0, 0)).hasMessageContaining("frameRate");
        assertThatThrownBy(() -> new ScreenShare.WholeScreen(0, 31)).hasMessageContaining("frameRate");
        assertThatThrownBy(() -> ScreenShare.region(-1, 0, 10, 10)).hasMessageContaining("x and y");
        assertThatThrownBy(() -> ScreenShare.region(0, -5, 10, 10)).hasMessageContaining("x and y");
        assertThatThrownBy(() -> ScreenShare.region(0, 0, 1, 10)).hasMessageContaining("width and height");
        assertThatThrownBy(() -> ScreenShare.region(0, 0, 10, 1)).hasMessageContaining("width and height");
        assertThatThrownBy(() -> new ScreenShare.Region(-1, 0, 0, 2, 2, 10)).hasMessageContaining("screen");
        assertThatThrownBy(() -> new ScreenShare.Region(0, 0, 0, 2, 2, 0)).hasMessageContaining("frameRate");
        assertThat(new ScreenShare.Region(0, 0, 0, 2, 2, 30).width()).isEqualTo(2);
    }
}
