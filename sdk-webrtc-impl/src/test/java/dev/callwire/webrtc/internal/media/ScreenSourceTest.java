package dev.callwire.webrtc.internal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.CallwireException;
import dev.callwire.media.ScreenShare;
import java.awt.Rectangle;
import org.junit.jupiter.api.Test;

/** The capture rectangle, computed without a display. */
class ScreenSourceTest {

    @Test
    void aWholeScreenIsCapturedWhole() {
        assertThat(ScreenSource.captureArea(ScreenShare.screen(0), 1920, 1080))
                .isEqualTo(new Rectangle(0, 0, 1920, 1080));
    }

    @Test
    void oddSizesAreTrimmedToEven() {
        assertThat(ScreenSource.captureArea(ScreenShare.screen(0), 1025, 769))
                .isEqualTo(new Rectangle(0, 0, 1024, 768));
        assertThat(ScreenSource.captureArea(ScreenShare.region(10, 20, 301, 201), 1920, 1080))
                .isEqualTo(new Rectangle(10, 20, 300, 200));
    }

    @Test
    void aRegionIsCutToTheScreen() {
        assertThat(ScreenSource.captureArea(ScreenShare.region(1900, 1000, 100, 100), 1920, 1080))
                .isEqualTo(new Rectangle(1900, 1000, 20, 80));
    }

    @Test
    void aRegionOffTheScreenIsADeviceError() {
        assertThatThrownBy(() -> ScreenSource.captureArea(ScreenShare.region(2000, 0, 100, 100), 1920, 1080))
                .isInstanceOf(CallwireException.class).hasMessageContaining("lies outside screen 0 (1920x1080)")
                .satisfies(e -> assertThat(((CallwireException) e).reason())
                        .isEqualTo(CallwireException.Reason.MEDIA_DEVICE));
        // One pixel left on the screen is not a frame.
        assertThatThrownBy(() -> ScreenSource.captureArea(ScreenShare.region(1919, 0, 100, 100), 1920, 1080))
                .isInstanceOf(CallwireException.class);
    }
}
