package dev.callwire.webrtc.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SdpTest {

    @Test
    void findsTheSectionsWhoseMsidNamesTheScreenStream() {
        String sdp = String.join("\r\n",
                "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=msid:callwire a1",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:1", "a=msid:callwire v1",
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:2",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:3", "a=msid:callwire-screen s1", "");

        assertThat(Sdp.screenMids(sdp)).containsExactly("3");
        assertThat(Sdp.screenMids(sdp.replace("callwire-screen", "callwire"))).isEmpty();
        assertThat(Sdp.screenMids(sdp.replace("\r\n", "\n"))).containsExactly("3");
    }

    @Test
    void readsEverySectionWhateverTheOrderOfItsLinesAndTheLastOneWithoutANewline() {
        String sdp = String.join("\r\n",
                "v=0", "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=msid:callwire-screen s1", "a=mid:screen-a",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:1", "a=msid:callwire v1",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:7", "a=msid:callwire-screen s2");

        assertThat(Sdp.screenMids(sdp)).containsExactlyInAnyOrder("screen-a", "7");
        assertThat(Sdp.screenMids("")).isEmpty();
        // a section's msid does not carry over to the next section's mid
        assertThat(Sdp.screenMids("v=0\nm=video 9\na=msid:callwire-screen s1\nm=audio 9\na=mid:2\n")).isEmpty();
    }
}
