package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VideoSpecTest {

    @Test
    void parsesWidthHeightAndRate() {
        assertThat(VideoSpec.parse("640x480@30")).isEqualTo(new VideoSpec(640, 480, 30));
        assertThat(VideoSpec.parse(" 320x240@15 ").toString()).isEqualTo("320x240@15");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12x@x", "640x480", "640*480@30", "", "x@", "640x480@30fps"})
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> VideoSpec.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected WIDTHxHEIGHT@FPS such as 640x480@30, got '" + text + "'");
    }

    @Test
    void rejectsOutOfRangeValuesNamingThem() {
        assertThatThrownBy(() -> VideoSpec.parse("641x480@30")).hasMessageContaining("width must be even");
        assertThatThrownBy(() -> VideoSpec.parse("640x8@30")).hasMessageContaining("height");
        assertThatThrownBy(() -> VideoSpec.parse("640x480@0")).hasMessageContaining("frame rate");
        assertThatThrownBy(() -> VideoSpec.parse("640x480@61")).hasMessageContaining("frame rate");
    }
}
