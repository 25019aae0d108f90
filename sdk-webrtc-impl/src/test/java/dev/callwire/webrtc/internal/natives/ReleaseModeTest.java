package dev.callwire.webrtc.internal.natives;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.RTCRtpSender;
import org.junit.jupiter.api.Test;

/** Which webrtc-java shape needs our release, told apart by the sender class alone: no native library. */
class ReleaseModeTest {

    /** Like 0.14's sender: no way to drop the reference it owns. */
    static final class LeakingSender {
        public void replaceTrack(Object track) {
        }
    }

    /** Like a sender after the upstream fix: disposable. */
    static final class DisposableSender {
        public void dispose() {
        }
    }

    /** A static dispose is not the wrapper's own release. */
    static final class StaticDisposeSender {
        public static void dispose() {
        }
    }

    @Test
    void aLibraryWhoseSendersAreDisposableReleasesByItself() {
        assertThat(ReleaseMode.detect(DisposableSender.class, true)).isEqualTo(ReleaseMode.LIBRARY);
        assertThat(ReleaseMode.detect(DisposableSender.class, false)).isEqualTo(ReleaseMode.LIBRARY);
    }

    @Test
    void aLeakingLibraryGetsTheWorkaroundWhenItsHandlesAreReachable() {
        assertThat(ReleaseMode.detect(LeakingSender.class, true)).isEqualTo(ReleaseMode.WORKAROUND);
        assertThat(ReleaseMode.detect(StaticDisposeSender.class, true)).isEqualTo(ReleaseMode.WORKAROUND);
        assertThat(ReleaseMode.detect(LeakingSender.class, false)).isEqualTo(ReleaseMode.UNAVAILABLE);
    }

    @Test
    void theBundledWebrtcJavaNeedsTheWorkaround() {
        assertThat(ReleaseMode.detect(RTCRtpSender.class, true))
                .as("webrtc-java 0.14 on the class path; revisit NativeReleaser when upgrading")
                .isEqualTo(ReleaseMode.WORKAROUND);
    }
}
