package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;

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
}
