package dev.callwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IceRestartPolicyTest {

    @Test
    void defaultsAreTwoSecondsAndThreeAttemptsWithinThirtySecondsAndTheConfigCarriesThem() {
        IceRestartPolicy defaults = IceRestartPolicy.defaults();

        assertThat(defaults.disconnectedTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(defaults.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.networkPollInterval()).isEqualTo(Duration.ofSeconds(1));
        ClientConfig config = ClientConfig.builder(URI.create("ws://127.0.0.1:8080/ws")).build();
        assertThat(config.ice().restartPolicy()).isEqualTo(defaults);
        IceRestartPolicy quick = defaults.toBuilder().maxAttempts(2).window(Duration.ofSeconds(8)).build();
        assertThat(config.toBuilder().ice(config.ice().toBuilder().restartPolicy(quick).build()).build().toBuilder().build()
                .ice().restartPolicy())
                .isEqualTo(quick);
        assertThat(IceRestartPolicy.disabled().maxAttempts()).isZero();
        assertThat(IceRestartPolicy.disabled().networkPollInterval()).isZero();
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> IceRestartPolicy.builder().disconnectedTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disconnectedTimeout");
        assertThatThrownBy(() -> IceRestartPolicy.builder().maxAttempts(-1).build())
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> IceRestartPolicy.builder().window(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> IceRestartPolicy.builder().initialBackoff(Duration.ofMinutes(5)).build())
                .hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> IceRestartPolicy.builder().networkPollInterval(Duration.ofMillis(10)).build())
                .hasMessageContaining("networkPollInterval");
        assertThatThrownBy(() -> IceOptions.builder().restartPolicy(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("restartPolicy");
    }
}
