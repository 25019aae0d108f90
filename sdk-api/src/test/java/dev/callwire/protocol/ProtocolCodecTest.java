package dev.callwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.IceServer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

    static Stream<Message> everyType() {
        return Stream.of(
                new Join("lobby", "Alice", "tok"),
                new Join("lobby", null, null, "peer-1", null),
                new Join("lobby", "Alice", null, "peer-1", "1700000000.abc-DEF_123"),
                new Leave("lobby"),
                new Offer("lobby", "a", "b", "c-1", "v=0\r\n"),
                new Answer("lobby", null, "b", "c-1", "v=0\r\n"),
                new Candidate("lobby", "a", "b", "c-1", new IceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0)),
                new Candidate("lobby", "a", "b", "c-1", null),
                new Bye("lobby", "a", "b", "c-1", ByeReason.DECLINED),
                new Bye("lobby", "a", "b", "c-1", null),
                new Welcome("lobby", "a", List.of(new PeerInfo("b", "Bob"), new PeerInfo("c", null)),
                        List.of(IceServer.stun("stun:127.0.0.1:3478"),
                                IceServer.turn("turn:127.0.0.1:3478", "1700000000:a", "c2VjcmV0"))),
                new Welcome("lobby", "a", List.of(), List.of(), "k+/=~!x"),
                new PeerJoined("lobby", new PeerInfo("b", "Bob")),
                new PeerLeft("lobby", "b"),
                new ErrorMessage("lobby", ProtocolError.RATE_LIMITED, "slow down", "offer"),
                new ErrorMessage(null, ProtocolError.BAD_MESSAGE, "not JSON", null));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyMessageSurvivesARoundTrip(Message message) {
        String json = ProtocolCodec.encode(message);

        assertThat(json).contains("\"v\":1").contains("\"type\":\"" + message.type().wireName() + "\"");
        assertThat(ProtocolCodec.decode(json)).isEqualTo(message);
    }

    @Test
    void readsTheShapesBrowsersSend() {
        Message message = ProtocolCodec.decode("""
                {"v":1,"type":"candidate","room":"r","to":"b","call":"c","extra":{"ignored":true},
                 "candidate":{"candidate":"candidate:x","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"u"}}""");

        assertThat(message).isEqualTo(new Candidate("r", null, "b", "c", new IceCandidate("candidate:x", "0", 0)));
        Welcome welcome = (Welcome) ProtocolCodec.decode(
                "{\"v\":1,\"type\":\"welcome\",\"room\":\"r\",\"self\":\"a\",\"peers\":[],"
                        + "\"iceServers\":[{\"urls\":\"stun:127.0.0.1\"}]}");
        assertThat(welcome.iceServers()).containsExactly(IceServer.stun("stun:127.0.0.1"));
    }

    static Stream<Arguments> malformed() {
        String big = "x".repeat(ProtocolCodec.MAX_MESSAGE_BYTES);
        return Stream.of(
                Arguments.of("not json", ProtocolError.BAD_MESSAGE, null),
                Arguments.of("[1,2]", ProtocolError.BAD_MESSAGE, null),
                Arguments.of("{\"type\":\"join\",\"room\":\"r\"}", ProtocolError.BAD_MESSAGE, "join"),
                Arguments.of("{\"v\":2,\"type\":\"join\",\"room\":\"r\"}", ProtocolError.BAD_MESSAGE, "join"),
                Arguments.of("{\"v\":1,\"type\":\"dance\",\"room\":\"r\"}", ProtocolError.BAD_MESSAGE, "dance"),
                Arguments.of("{\"v\":1,\"room\":\"r\"}", ProtocolError.BAD_MESSAGE, null),
                Arguments.of("{\"v\":1,\"type\":\"join\",\"room\":\"no spaces\"}", ProtocolError.BAD_MESSAGE, "join"),
                Arguments.of("{\"v\":1,\"type\":\"join\",\"room\":\"" + "r".repeat(65) + "\"}", ProtocolError.BAD_MESSAGE, "join"),
                Arguments.of("{\"v\":1,\"type\":\"join\",\"room\":\"r\",\"name\":\"" + "n".repeat(65) + "\"}",
                        ProtocolError.BAD_MESSAGE, "join"),
                Arguments.of("{\"v\":1,\"type\":\"join\",\"room\":42}", ProtocolError.BAD_MESSAGE, "join"),
                Arguments.of("{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\"}",
                        ProtocolError.BAD_MESSAGE, "offer"),
                Arguments.of("{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"to\":\"b/../c\",\"call\":\"c\",\"sdp\":\"x\"}",
                        ProtocolError.BAD_MESSAGE, "offer"),
                Arguments.of("{\"v\":1,\"type\":\"answer\",\"room\":\"r\",\"to\":\"b\",\"sdp\":\"x\"}",
                        ProtocolError.BAD_MESSAGE, "answer"),
                Arguments.of("{\"v\":1,\"type\":\"candidate\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\"}",
                        ProtocolError.BAD_MESSAGE, "candidate"),
                Arguments.of("{\"v\":1,\"type\":\"candidate\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\",\"candidate\":{\"candidate\":\"x\"}}",
                        ProtocolError.BAD_MESSAGE, "candidate"),
                Arguments.of("{\"v\":1,\"type\":\"bye\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\",\"reason\":\"bored\"}",
                        ProtocolError.BAD_MESSAGE, "bye"),
                Arguments.of("{\"v\":1,\"type\":\"welcome\",\"room\":\"r\",\"self\":\"a\",\"iceServers\":[{\"urls\":[\"http://x\"]}]}",
                        ProtocolError.BAD_MESSAGE, "welcome"),
                Arguments.of("{\"v\":1,\"type\":\"welcome\",\"room\":\"r\",\"self\":\"a\",\"iceServers\":[{\"urls\":[\"turn:x\"]}]}",
                        ProtocolError.BAD_MESSAGE, "welcome"),
                Arguments.of("{\"v\":1,\"type\":\"error\",\"code\":\"teapot\"}", ProtocolError.BAD_MESSAGE, "error"),
                Arguments.of("{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\",\"sdp\":\"" + big + "\"}",
                        ProtocolError.TOO_LARGE, null));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedInputWithTheCodeAServerAnswers(String json, ProtocolError code, String ref) {
        assertThatThrownBy(() -> ProtocolCodec.decode(json))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.error()).isEqualTo(code);
                    assertThat(e.ref()).isEqualTo(ref);
                    assertThat(e.getMessage()).isNotBlank();
                    assertThat(e.toErrorMessage("r").code()).isEqualTo(code);
                });
    }

    @Test
    void refusesToEncodeAnOversizedMessage() {
        Offer huge = new Offer("r", null, "b", "c", "x".repeat(ProtocolCodec.MAX_MESSAGE_BYTES));

        assertThatThrownBy(() -> ProtocolCodec.encode(huge))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(ProtocolError.TOO_LARGE));
    }

    @Test
    void multiByteCharactersCountAsBytesTowardsTheLimit() {
        // 30,000 three-byte characters: under the limit in chars, over it in UTF-8 bytes.
        String sdp = "€".repeat(30_000);
        String json = "{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\",\"sdp\":\"" + sdp + "\"}";

        assertThatThrownBy(() -> ProtocolCodec.decode(json))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(ProtocolError.TOO_LARGE));
    }

    @Test
    void recordsValidateWhenBuiltSoInvalidMessagesCannotBeSent() {
        assertThatThrownBy(() -> new Offer("r", null, "b c", "call", "v=0"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("to");
        assertThatThrownBy(() -> new Join("", null, null)).isInstanceOf(ProtocolException.class);
        assertThat(new Join("r", null, "secret").toString()).doesNotContain("secret");
        assertThat(new Offer("r", "a", "b", "c", "v=0 secret-ip").toString()).doesNotContain("secret-ip");
    }

    @Test
    void resumeKeysTravelOnTheWireButNeverInToString() {
        Join join = new Join("r", null, null).resuming("p-1", "the-secret-key");
        Welcome welcome = new Welcome("r", "p-1", List.of(), List.of(), "the-secret-key");

        assertThat(ProtocolCodec.encode(join)).contains("\"resume\":\"p-1\"", "\"resumeKey\":\"the-secret-key\"");
        assertThat(ProtocolCodec.encode(welcome)).contains("\"resumeKey\":\"the-secret-key\"");
        assertThat(join.toString()).contains("p-1").doesNotContain("the-secret-key");
        assertThat(welcome.toString()).contains("p-1").doesNotContain("the-secret-key");
        assertThat(new Welcome("r", "p-1", List.of(), List.of()).resumeKey()).as("no key, as over MQTT").isNull();
        assertThat(ProtocolCodec.encode(new Welcome("r", "p-1", List.of(), List.of()))).doesNotContain("resumeKey");
    }

    static Stream<Arguments> badResumeKeys() {
        return Stream.of(
                Arguments.of("join, empty key", "{\"v\":1,\"type\":\"join\",\"room\":\"r\",\"resume\":\"p\",\"resumeKey\":\"\"}"),
                Arguments.of("join, key with a space", "{\"v\":1,\"type\":\"join\",\"room\":\"r\",\"resume\":\"p\",\"resumeKey\":\"a b\"}"),
                Arguments.of("join, key with a control character", "{\"v\":1,\"type\":\"join\",\"room\":\"r\",\"resume\":\"p\",\"resumeKey\":\"a\\u0000\"}"),
                Arguments.of("join, non-ASCII key", "{\"v\":1,\"type\":\"join\",\"room\":\"r\",\"resume\":\"p\",\"resumeKey\":\"\u00e9t\u00e9\"}"),
                Arguments.of("join, key of 257 characters", "{\"v\":1,\"type\":\"join\",\"room\":\"r\",\"resume\":\"p\",\"resumeKey\":\""
                        + "k".repeat(257) + "\"}"),
                Arguments.of("join, key not a string", "{\"v\":1,\"type\":\"join\",\"room\":\"r\",\"resume\":\"p\",\"resumeKey\":42}"),
                Arguments.of("join, key without resume", "{\"v\":1,\"type\":\"join\",\"room\":\"r\",\"resumeKey\":\"k\"}"),
                Arguments.of("welcome, key with a space", "{\"v\":1,\"type\":\"welcome\",\"room\":\"r\",\"self\":\"a\",\"resumeKey\":\"a b\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badResumeKeys")
    void malformedResumeKeysAreRefusedWithoutShowingThem(String label, String json) {
        assertThatThrownBy(() -> ProtocolCodec.decode(json))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.error()).isEqualTo(ProtocolError.BAD_MESSAGE);
                    assertThat(e.getMessage()).contains("resumeKey").doesNotContain("a b").doesNotContain("kkkk");
                });
        assertThat(ProtocolCodec.decode(
                "{\"v\":1,\"type\":\"join\",\"room\":\"r\",\"resume\":\"p\",\"resumeKey\":\"" + "k".repeat(256) + "\"}"))
                .as("256 characters are fine").isInstanceOf(Join.class);
    }
}
