package dev.callwire.samples.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad command lines end with exit code 2 and one line on stderr, before any native code or network. */
class CallBotArgsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CallBot.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), args);
    }

    private String errLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).as("exactly one line on stderr: %s", text).hasSize(1);
        return text.strip();
    }

    @Test
    void malformedVideo() {
        assertThat(run("--signaling", "ws://127.0.0.1:9/ws", "--room", "r", "--answer", "--video", "12x@x")).isEqualTo(2);
        assertThat(errLine()).isEqualTo("call-bot: Invalid value for option '--video': expected WIDTHxHEIGHT@FPS such "
                + "as 640x480@30, got '12x@x' (see --help)");
    }

    @Test
    void oddVideoWidth() {
        assertThat(run("--signaling", "ws://h/ws", "--room", "r", "--answer", "--video", "321x240@15")).isEqualTo(2);
        assertThat(errLine()).contains("video width must be even");
    }

    @Test
    void missingRequiredOptions() {
        assertThat(run("--answer")).isEqualTo(2);
        assertThat(errLine()).startsWith("call-bot: Missing required options").contains("--signaling").contains("--room");
    }

    @Test
    void everyUriOfACommaSeparatedSignalingListNeedsAScheme() {
        assertThat(run("--signaling", "ws://a:8080/ws,//b:8080/ws", "--room", "r", "--answer")).isEqualTo(2);
        assertThat(errLine()).contains("--signaling needs a scheme").contains("'//b:8080/ws'");
    }

    @Test
    void nothingToDo() {
        assertThat(run("--signaling", "ws://h/ws", "--room", "r")).isEqualTo(2);
        assertThat(errLine()).contains("nothing to do: give --call first|all|PEER_ID and/or --answer");
    }

    @Test
    void badCallTarget() {
        assertThat(run("--signaling", "ws://h/ws", "--room", "r", "--call", "bob smith")).isEqualTo(2);
        assertThat(errLine()).contains("--call takes first, all or a peer id").contains("'bob smith'");
    }

    @Test
    void badRoomName() {
        assertThat(run("--signaling", "ws://h/ws", "--room", "a/b", "--answer")).isEqualTo(2);
        assertThat(errLine()).contains("--room must match");
    }

    @Test
    void turnServerWithoutCredentials() {
        assertThat(run("--signaling", "ws://h/ws", "--room", "r", "--answer", "--ice-server", "turn:turn.example.com"))
                .isEqualTo(2);
        assertThat(errLine()).contains("--ice-server").contains("needs a username and a credential");
    }

    @Test
    void turnServerWithCredentialsAndStunAreAccepted() {
        CallBot.IceServerConverter converter = new CallBot.IceServerConverter();
        assertThat(converter.convert("turn:t.example.com:3478,user,se,cret").credential()).isEqualTo("se,cret");
        assertThat(converter.convert("stun:s.example.com").username()).isNull();
    }

    @Test
    void durationOutOfRange() {
        assertThat(run("--signaling", "ws://h/ws", "--room", "r", "--answer", "--duration", "0")).isEqualTo(2);
        assertThat(errLine()).contains("--duration must be between 1 and 86400");
    }

    @Test
    void signalingWithoutScheme() {
        assertThat(run("--signaling", "localhost", "--room", "r", "--answer")).isEqualTo(2);
        assertThat(errLine()).contains("--signaling needs a scheme");
    }

    @Test
    void helpExitsZeroAndListsOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--call=first|all|PEER_ID").contains("--report=FILE")
                .contains("--ice-server=URL[,user,credential]").contains("--relay-only").contains("--video=WxH@FPS");
    }
}
