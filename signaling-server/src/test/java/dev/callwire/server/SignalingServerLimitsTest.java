package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Validation of the abuse-related configuration: anonymous TURN, TCP line limits, per-address limits. */
class SignalingServerLimitsTest {

    @Test
    void turnWithoutJoinSecretIsRefusedUnlessExplicitlyAllowed() {
        assertThatThrownBy(() -> SignalingServer.builder().turnSecret("s").turnUrls(List.of("turn:h:3478")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("joinSecret").hasMessageContaining("allowAnonymousTurn");

        try (SignalingServer withTokens = SignalingServer.builder().turnSecret("s").turnUrls(List.of("turn:h:3478"))
                .joinSecret("k").build();
             SignalingServer anonymous = SignalingServer.builder().turnSecret("s").turnUrls(List.of("turn:h:3478"))
                .allowAnonymousTurn(true).build()) {
            assertThat(withTokens.toString()).contains("tokens required", "TURN");
            assertThat(anonymous.toString()).contains("TURN").doesNotContain("tokens required");
        }
    }

    @Test
    void commandLineRefusesAnonymousTurnAndAcceptsTheExplicitFlag() {
        SignalingServerMain main = new SignalingServerMain();
        new CommandLine(main).parseArgs("--port", "0", "--turn-secret", "s", "--turn-url", "turn:h:3478");
        assertThatThrownBy(main::toServer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allowAnonymousTurn");

        SignalingServerMain allowed = new SignalingServerMain();
        new CommandLine(allowed).parseArgs("--port", "0", "--turn-secret", "s", "--turn-url", "turn:h:3478",
                "--allow-anonymous-turn");
        try (SignalingServer server = allowed.toServer()) {
            assertThat(server.toString()).contains("TURN [turn:h:3478]");
        }
    }

    @Test
    void defaultTurnTtlIsOneHour() {
        SignalingServerMain main = new SignalingServerMain();
        new CommandLine(main).parseArgs();
        assertThat(main.turnTtlSeconds).isEqualTo(3600);
    }

    @Test
    void limitOptionsAreValidatedAndParsed() {
        SignalingServer.Builder b = SignalingServer.builder();
        assertThatThrownBy(() -> b.tcpLineLimits(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> b.tcpLineLimits(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> b.perIpLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perIpLimits maxConnections");
        assertThatThrownBy(() -> b.perIpLimits(1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectsPerSecond");
        assertThatThrownBy(() -> b.perIpLimits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");

        SignalingServerMain main = new SignalingServerMain();
        new CommandLine(main).parseArgs("--port", "0", "--tcp-line-max-connections", "5", "--tcp-line-idle-timeout",
                "7", "--max-connections-per-ip", "3", "--connect-rate-per-ip", "2.5", "--connect-burst-per-ip", "4");
        assertThat(main.tcpLineMaxConnections).isEqualTo(5);
        assertThat(main.tcpLineIdleTimeoutSeconds).isEqualTo(7);
        assertThat(main.maxConnectionsPerIp).isEqualTo(3);
        assertThat(main.connectRatePerIp).isEqualTo(2.5);
        assertThat(main.connectBurstPerIp).isEqualTo(4);
        main.toServer().close();

        SignalingServerMain bad = new SignalingServerMain();
        new CommandLine(bad).parseArgs("--tcp-line-idle-timeout", "0");
        assertThatThrownBy(bad::toServer).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idleTimeout");
    }
}
