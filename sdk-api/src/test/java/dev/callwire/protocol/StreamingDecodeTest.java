package dev.callwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decoder reads envelopes from a streaming parser: the edges where that could differ from reading a tree. */
class StreamingDecodeTest {

    private static final String OFFER = "\"type\":\"offer\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\",\"sdp\":\"x\"";

    static Stream<Arguments> refused() {
        return Stream.of(
                // message text, code, ref, a word the message must contain
                Arguments.of("", null, "JSON object"),
                Arguments.of("   ", null, "JSON object"),
                Arguments.of("null", null, "JSON object"),
                Arguments.of("\"text\"", null, "JSON object"),
                Arguments.of("[{\"v\":1," + OFFER + "}]", null, "JSON object"),
                // a syntax error anywhere is reported as such, even after fields that would fail their own checks
                Arguments.of("{\"v\":2," + OFFER + ",\"x\":[1,{\"y\":}]}", null, "not valid JSON"),
                Arguments.of("{\"v\":1," + OFFER + ",\"x\":[1,2", null, "not valid JSON"),
                Arguments.of("{\"v\":1," + OFFER, null, "not valid JSON"),
                // one envelope per message: nothing may follow it (a socket.io event's second argument, junk)
                Arguments.of("{\"v\":1," + OFFER + "},{\"v\":1}", null, "not valid JSON"),
                Arguments.of("{\"v\":1," + OFFER + "} {\"v\":1}", null, "more after its JSON object"),
                Arguments.of("{\"v\":1," + OFFER + "}x", null, "not valid JSON"),
                // versions that are not exactly the integer 1 (an int's truncation once let 4294967297 pass)
                Arguments.of("{\"v\":4294967297," + OFFER + "}", "offer", "'v'"),
                Arguments.of("{\"v\":1.0," + OFFER + "}", "offer", "'v'"),
                Arguments.of("{\"v\":\"1\"," + OFFER + "}", "offer", "'v'"),
                Arguments.of("{\"v\":true," + OFFER + "}", "offer", "'v'"),
                Arguments.of("{\"v\":null," + OFFER + "}", "offer", "'v'"),
                Arguments.of("{\"v\":1,\"type\":7,\"room\":\"r\"}", null, "'type'"),
                // a repeated key counts with its last value
                Arguments.of("{\"v\":1,\"v\":2," + OFFER + "}", "offer", "'v'"),
                Arguments.of("{\"v\":1," + OFFER + ",\"sdp\":null}", "offer", "sdp"),
                Arguments.of("{\"v\":1," + OFFER + ",\"to\":[\"b\"]}", "offer", "'to' must be a string"),
                Arguments.of("{\"v\":1,\"type\":\"candidate\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\","
                        + "\"candidate\":{\"candidate\":\"x\",\"sdpMLineIndex\":2147483648}}", "candidate", "sdpMLineIndex"),
                Arguments.of("{\"v\":1,\"type\":\"candidate\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\","
                        + "\"candidate\":{\"candidate\":\"x\",\"sdpMLineIndex\":0.5}}", "candidate", "sdpMLineIndex"),
                Arguments.of("{\"v\":1,\"type\":\"candidate\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\","
                        + "\"candidate\":[\"x\"]}", "candidate", "object or null"),
                Arguments.of("{\"v\":1,\"type\":\"candidate\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\","
                        + "\"candidate\":{\"candidate\":\"x\",\"sdpMid\":{}}}", "candidate", "sdpMid"),
                Arguments.of("{\"v\":1,\"type\":\"welcome\",\"room\":\"r\",\"self\":\"a\",\"peers\":{}}", "welcome", "list"),
                Arguments.of("{\"v\":1,\"type\":\"welcome\",\"room\":\"r\",\"self\":\"a\",\"peers\":[\"b\"]}", "welcome",
                        "object"),
                Arguments.of("{\"v\":1,\"type\":\"welcome\",\"room\":\"r\",\"self\":\"a\","
                        + "\"iceServers\":[{\"urls\":[\"stun:x\",1]}]}", "welcome", "urls"),
                Arguments.of("{\"v\":1,\"type\":\"peer-joined\",\"room\":\"r\",\"peer\":[]}", "peer-joined", "peer"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWithBadMessageNamingTheProblem(String json, String ref, String word) {
        assertThatThrownBy(() -> ProtocolCodec.decode(json))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.error()).isEqualTo(ProtocolError.BAD_MESSAGE);
                    assertThat(e.ref()).isEqualTo(ref);
                    assertThat(e.getMessage()).contains(word);
                });
    }

    @Test
    void aRepeatedKeyKeepsItsLastValue() {
        assertThat(ProtocolCodec.decode("{\"v\":2,\"v\":1," + OFFER + ",\"to\":\"z\"}"))
                .isEqualTo(new Offer("r", null, "z", "c", "x"));
    }

    @Test
    void unknownFieldsOfAnyShapeAreIgnored() {
        String json = "{\"x\":[[[{\"a\":[1,-2.5e3,true,false,null,{}]}]]],\"v\":1," + OFFER
                + ",\"big\":123456789012345678901234567890,\"mac\":\"m\"}";

        assertThat(ProtocolCodec.decode(json)).isEqualTo(new Offer("r", null, "b", "c", "x"));
    }

    @Test
    void acceptsWhitespaceAfterTheEnvelope() {
        // Only whitespace may follow; a second value is refused (see refused()), where it used to be ignored.
        assertThat(ProtocolCodec.decode("{\"v\":1," + OFFER + "} \r\n\t")).isEqualTo(new Offer("r", null, "b", "c", "x"));
        assertThat(ProtocolCodec.decode("{\"v\":1," + OFFER + ",\"sdp\":\"a\\nb\"} \n"))
                .isEqualTo(new Offer("r", null, "b", "c", "a\nb"));
    }

    @Test
    void readsNestedFieldsOfEveryShape() {
        Candidate candidate = (Candidate) ProtocolCodec.decode("{\"v\":1,\"type\":\"candidate\",\"room\":\"r\",\"to\":\"b\","
                + "\"call\":\"c\",\"candidate\":{\"candidate\":\"a\\\"b\\u0001\",\"sdpMid\":null,\"sdpMLineIndex\":2147483647}}");
        assertThat(candidate.candidate()).isEqualTo(new IceCandidate("a\"b\u0001", null, Integer.MAX_VALUE));

        Welcome welcome = (Welcome) ProtocolCodec.decode("{\"v\":1,\"type\":\"welcome\",\"room\":\"r\",\"self\":\"a\","
                + "\"peers\":[{\"id\":\"b\",\"name\":\"B\"},{\"id\":\"c\",\"name\":null}],\"iceServers\":null}");
        assertThat(welcome.peers()).containsExactly(new PeerInfo("b", "B"), new PeerInfo("c", null));
        assertThat(welcome.iceServers()).isEmpty();
    }
}
