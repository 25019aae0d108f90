package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.Peer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActiveSpeakerTest {

    private static final Peer ANN = new Peer("a", "Ann");
    private static final Peer BEN = new Peer("b", "Ben");

    private final ActiveSpeaker speaker = new ActiveSpeaker();

    private boolean judge(Map<Peer, Double> levels) {
        return speaker.judge(List.copyOf(levels.entrySet()), Map.Entry::getKey, Map.Entry::getValue);
    }

    @Test
    void theLoudestPeerAboveTheSpeakingLevelIsTheSpeaker() {
        assertThat(judge(Map.of(ANN, 0.2, BEN, 0.6))).isTrue();
        assertThat(speaker.current()).isEqualTo(BEN);
    }

    @Test
    void onlyChangesAreReported() {
        judge(Map.of(ANN, 0.3, BEN, 0.1));

        assertThat(judge(Map.of(ANN, 0.4, BEN, 0.2))).isFalse();
        assertThat(judge(Map.of(ANN, 0.1, BEN, 0.4))).isTrue();
        assertThat(speaker.current()).isEqualTo(BEN);
    }

    @Test
    void silenceBelowTheSpeakingLevelMeansNobody() {
        judge(Map.of(ANN, 0.5));

        assertThat(judge(Map.of(ANN, ActiveSpeaker.SPEAKING_LEVEL / 2, BEN, 0.0))).isTrue();
        assertThat(speaker.current()).isNull();
        assertThat(judge(Map.of(ANN, 0.0))).isFalse();
    }
}
