package dev.callwire.webrtc.internal.natives;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeWebRtcTest {

    @Test
    void aMissingPulseAudioLibraryNamesThePackageToInstall() {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError(
                "/tmp/libwebrtc-java-linux-x86_641234.so: libpulse.so.0: cannot open shared object file");

        String message = NativeWebRtc.explain(error);

        assertThat(message).contains("libpulse0").contains("apt-get install").contains("cannot open shared object");
    }

    @Test
    void otherFailuresKeepTheLoaderMessageAndPlatform() {
        String message = NativeWebRtc.explain(new UnsatisfiedLinkError("GLIBC_2.38 not found"));

        assertThat(message).contains("GLIBC_2.38").contains(System.getProperty("os.arch"));
    }

    @Test
    void theLibraryLoadsOnThisMachine() {
        NativeWebRtc.load(); // CI installs libpulse0; a failure here names what is missing
    }
}
