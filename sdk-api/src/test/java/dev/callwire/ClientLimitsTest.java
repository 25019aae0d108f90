package dev.callwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ClientLimitsTest {

    @Test
    void defaultsAreTheDocumentedOnesAndCarryThroughTheConfig() {
        ClientLimits limits = ClientLimits.defaults();

        assertThat(limits.maxCandidateLength()).isEqualTo(1024);
        assertThat(limits.maxEarlyCandidatesPerCall()).isEqualTo(128);
        assertThat(limits.maxEarlyCandidateBytesPerCall()).isEqualTo(32 * 1024);
        assertThat(limits.maxEarlyCandidates()).isEqualTo(1024);
        assertThat(limits.maxEarlyCandidateBytes()).isEqualTo(256 * 1024);
        assertThat(limits.maxPeersPerRoom()).isEqualTo(1000);
        assertThat(limits.maxRingingCalls()).isEqualTo(8);
        assertThat(limits.maxQueuedSignals()).isEqualTo(1000);
        assertThat(limits.maxQueuedEvents()).isEqualTo(10_000);

        ClientLimits few = limits.toBuilder().maxPeersPerRoom(3).build();
        ClientConfig config = ClientConfig.builder(URI.create("ws://127.0.0.1:1/ws")).limits(few).build();
        assertThat(config.toBuilder().build().limits()).isSameAs(few);
        assertThat(few.maxRingingCalls()).isEqualTo(8);
        assertThat(ClientConfig.builder(URI.create("ws://127.0.0.1:1/ws")).build().limits()).isSameAs(limits);
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> ClientLimits.builder().maxRingingCalls(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRingingCalls");
        assertThatThrownBy(() -> ClientLimits.builder().maxEarlyCandidatesPerCall(2000, 1024).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEarlyCandidatesPerCall");
        assertThatThrownBy(() -> ClientLimits.builder().maxEarlyCandidates(2048, 1024).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEarlyCandidateBytesPerCall");
        assertThatThrownBy(() -> ClientConfig.builder(URI.create("ws://127.0.0.1:1/ws")).limits(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("limits");
    }
}
