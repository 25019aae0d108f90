package dev.callwire.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateRelayTest {

    private final List<String> delivered = new ArrayList<>();
    private final CandidateRelay<String> relay = new CandidateRelay<>(
            (fromOfferer, candidate) -> delivered.add((fromOfferer ? "to answerer: " : "to offerer: ") + candidate));

    @Test
    void candidatesGatheredBeforeBothDescriptionsAreSetWaitAndThenGoAcrossInOrder() {
        relay.gathered(true, "o1");
        relay.gathered(false, "a1");
        relay.gathered(true, "o2");

        assertThat(delivered).isEmpty();
        assertThat(relay.held()).isEqualTo(3);

        relay.open();

        assertThat(delivered).containsExactly("to answerer: o1", "to offerer: a1", "to answerer: o2");
        assertThat(relay.held()).isZero();
    }

    @Test
    void onceOpenCandidatesGoAcrossAtOnceAndOpeningAgainRepeatsNothing() {
        relay.gathered(true, "o1");
        relay.open();
        relay.gathered(false, "a1");
        relay.open();

        assertThat(delivered).containsExactly("to answerer: o1", "to offerer: a1");
    }
}
