package dev.callwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser-free reading of plain envelopes: it reads what the parser reads, or leaves the text to the parser. */
class JsonValuesTest {

    private static Object parsed(String text) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            return JsonValues.read(parser, parser.nextToken());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\",\"sdp\":\"ts=1;p=0\"}",
        " {\r\n\t\"v\" : 1 , \"type\":\"bye\" ,\"room\":\"r\",\"to\":\"b\",\"call\":\"c\"}  \r\n",
        "{}",
        "{ }",
        "{\"candidate\":null,\"n\":-0,\"m\":-123456789,\"k\":0,\"l\":999999999}",
        "{\"candidate\":{\"candidate\":\"candidate:1 1 udp\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0},\"x\":{}}",
        "{\"a\":\"\u00e9\u2028\ud83d\ude00/\",\"a\":\"last wins\"}",
        "{\"\":\"\"}",
        // The protocol's own names are read as constants: names that extend or shorten them must not be taken for them.
        "{\"to\":\"a\",\"token\":\"b\",\"typeX\":1,\"t\":\"c\",\"v2\":3,\"peers\":{},\"peer\":{},\"sdpMid\":\"0\"}"})
    void readsPlainEnvelopesAsTheParserDoes(String text) throws IOException {
        Map<String, Object> plain = JsonValues.readPlain(text);

        assertThat(plain).as("read without the parser").isNotNull();
        assertThat(plain).isEqualTo(parsed(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"sdp\":\"a\\nb\"}", // escapes: the parser's business
        "{\"a\":\"b\"} {\"c\":1}", // text after the object: the parser refuses it
        "{\"sdp\":\"a\u0001b\"}", // a raw control character, which the parser refuses
        "{\"v\":1234567890}", // 10 digits may not fit an int
        "{\"v\":01}", "{\"v\":-}", "{\"v\":1.0}", "{\"v\":1e0}", "{\"v\":1x}", "{\"v\":+1}",
        "{\"v\":true}", "{\"v\":nul}", "{\"v\":nullx}", "{\"v\":[1]}",
        "{\"a\":{\"b\":{\"c\":1}}}", // deeper than candidate or peer
        "{\"v\":1,}", "{\"v\":1", "{\"v\" 1}", "{v:1}", "{'v':1}", "[{}]", "", "   ", "\ufeff{}", "\u00a0{}",
        "{\"v\":1,\"type\":\"leave\",\"room\":\"r\",\"name-longer-than-any-protocol-field-so-left-to-the-parser-xxxxxxxxxx\":1}"})
    void leavesEverythingElseToTheParser(String text) {
        assertThat(JsonValues.readPlain(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\",\"sdp\":\"v=0\"}",
        "{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\",\"sdp\":\"v=0\",\"x\":[1]}",
        "{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"to\":\"b\",\"call\":\"c\",\"sdp\":\"v\\u003d0\"}"})
    void bothPathsDecodeTheSameMessage(String text) {
        assertThat(ProtocolCodec.decode(text)).isEqualTo(new Offer("r", null, "b", "c", "v=0"));
    }
}
