package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SignalingServerMainTest {

    @Test
    void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SignalingServerMain());
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("--port", "--host", "--turn-secret", "--turn-url", "--turn-ttl",
                "--join-secret", "--room-capacity", "--static");
    }

    @Test
    void optionsBecomeServerConfiguration() {
        SignalingServerMain main = new SignalingServerMain();
        new CommandLine(main).parseArgs("--port", "0", "--turn-secret", "s", "--turn-url", "turn:127.0.0.1:3478",
                "--turn-url", "turns:127.0.0.1:5349", "--turn-ttl", "600", "--join-secret", "k", "--room-capacity", "4");

        assertThat(main.turnUrls).containsExactly("turn:127.0.0.1:3478", "turns:127.0.0.1:5349");
        try (SignalingServer server = main.toServer()) {
            assertThat(server.toString()).contains("tokens required", "TURN [turn:127.0.0.1:3478, turns:127.0.0.1:5349]");
        }
    }

    @Test
    void invalidCombinationExitsWithUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SignalingServerMain());
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("--port", "99999")).isNotZero();
        assertThat(cli.execute("--no-such-option")).isNotZero();
    }

    @Test
    void hardeningOptionsAreParsedAndCheckedTogether() {
        SignalingServerMain main = new SignalingServerMain();
        new CommandLine(main).parseArgs("--port", "0", "--loopback-limits", "5000,500,1000", "--join-rate", "1",
                "--join-burst", "3", "--allowed-origin", "https://app.example.com", "--allowed-origin", "*");
        assertThat(main.loopbackLimits).containsExactly(5000.0, 500.0, 1000.0);
        assertThat(main.allowedOrigins).containsExactly("https://app.example.com", "*");
        main.toServer().close();

        SignalingServerMain twoLimits = new SignalingServerMain();
        new CommandLine(twoLimits).parseArgs("--loopback-limits", "5000,500");
        assertThatThrownBy(twoLimits::toServer).hasMessageContaining("MAX,RATE,BURST");

        SignalingServerMain certWithoutKey = new SignalingServerMain();
        new CommandLine(certWithoutKey).parseArgs("--tls-cert", "cert.pem");
        assertThatThrownBy(certWithoutKey::toServer).hasMessageContaining("--tls-cert and --tls-key go together");

        SignalingServerMain badOrigin = new SignalingServerMain();
        new CommandLine(badOrigin).parseArgs("--allowed-origin", "https://app.example.com/path");
        assertThatThrownBy(badOrigin::toServer).hasMessageContaining("allowedOrigins");
    }
}
