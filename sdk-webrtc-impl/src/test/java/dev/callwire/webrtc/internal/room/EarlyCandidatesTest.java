package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.IceCandidate;
import org.junit.jupiter.api.Test;

class EarlyCandidatesTest {

    @Test
    void aCandidateCostsItsLineAndMediaIdAndEndOfCandidatesCostsNothing() {
        String line = "candidate:1 1 udp 1 10.0.0.1 5000 typ host";
        assertThat(EarlyCandidates.size(new IceCandidate(line, "audio", 0))).isEqualTo(line.length() + 5);
        assertThat(EarlyCandidates.size(new IceCandidate("c", null, 0))).isEqualTo(1);
        assertThat(EarlyCandidates.size(null)).isZero();
    }
}
