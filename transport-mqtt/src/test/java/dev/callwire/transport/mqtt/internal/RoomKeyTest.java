package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The room key's mac over canonical JSON (RFC 8785 for the values envelopes hold). */
class RoomKeyTest {

    private static final byte[] KEY = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RoomKey key = new RoomKey(KEY);

    @Test
    void canonicalJsonSortsMembersDropsWhitespaceAndEscapesOnlyWhatJcsEscapes() throws Exception {
        String text = "{ \"to\":\"b\", \"v\":1, \"a\":{\"z\":null,\"b\":[true,false,-3]}, \"s\":\"\\u00e9\\u2028\\\"\\\\\\n\\u0001/<\" }";
        assertThat(CanonicalJson.of(JSON.readTree(text)))
                .isEqualTo("{\"a\":{\"b\":[true,false,-3],\"z\":null},\"s\":\"é\u2028\\\"\\\\\\n\\u0001/<\",\"to\":\"b\",\"v\":1}");
        // UTF-16 code units, not code points: U+1F600 (a surrogate pair, 0xD83D...) sorts before U+FB33.
        assertThat(CanonicalJson.of(JSON.readTree("{\"\ufb33\":1,\"\ud83d\ude00\":2,\"a\":3}")))
                .isEqualTo("{\"a\":3,\"\ud83d\ude00\":2,\"\ufb33\":1}");
    }

    @Test
    void valuesWithoutACanonicalSpellingHereAreRefused() {
        assertThatThrownBy(() -> CanonicalJson.of(JSON.readTree("{\"x\":1.5}")))
                .isInstanceOf(CanonicalJson.NotCanonicalizable.class);
        assertThatThrownBy(() -> CanonicalJson.of(JSON.readTree("{\"x\":9007199254740993}")))
                .isInstanceOf(CanonicalJson.NotCanonicalizable.class);
        assertThatThrownBy(() -> CanonicalJson.of(JSON.readTree("{\"x\":\"\\ud800\"}")))
                .isInstanceOf(CanonicalJson.NotCanonicalizable.class);
    }

    @Test
    void theMacIsBase64UrlOfHmacSha256OfTheCanonicalEnvelopeWithoutMac() throws Exception {
        String envelope = ProtocolCodec.encode(new Candidate("lobby", "bob", "alice", "c1",
                new IceCandidate("candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0)));
        String signed = key.sign(envelope);

        String canonical = CanonicalJson.of(JSON.readTree(envelope));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(JSON.readTree(signed).get("mac").textValue()).isEqualTo(expected);
        assertThat(key.verify(signed)).isNull();
        assertThat(ProtocolCodec.decode(signed)).as("the codec ignores mac").isEqualTo(ProtocolCodec.decode(envelope));
    }

    @Test
    void theMacDoesNotDependOnMemberOrderOrWhitespace() throws Exception {
        String signed = key.sign(ProtocolCodec.encode(new Offer("lobby", "bob", "alice", "c1", "v=0")));
        var node = JSON.readTree(signed);
        String reordered = "{ \"sdp\" : \"v=0\", \"mac\": \"" + node.get("mac").textValue()
                + "\", \"call\":\"c1\", \"to\":\"alice\", \"from\":\"bob\", \"room\":\"lobby\", \"type\":\"offer\", \"v\":1 }";
        assertThat(key.verify(reordered)).isNull();
    }

    @Test
    void anythingElseFailsVerificationWithAReason() {
        String signed = key.sign(ProtocolCodec.encode(new Offer("lobby", "bob", "alice", "c1", "v=0")));
        assertThat(key.verify(signed.replace("\"c1\"", "\"c2\""))).isEqualTo("a wrong mac");
        assertThat(key.verify(signed.replace("\"mac\":\"", "\"mac\":\"A"))).isEqualTo("a wrong mac");
        assertThat(key.verify(signed.replace("\"mac\":\"", "\"mac\":\"*"))).isEqualTo("a mac that is not base64url");
        assertThat(key.verify(signed.replace("\"v\":1,", "\"v\":1,\"v\":1,"))).isEqualTo("not JSON, or a member name repeated");
        assertThat(key.verify("[1]")).isEqualTo("not a JSON object");
        assertThat(key.verify(ProtocolCodec.encode(new Offer("lobby", "bob", "alice", "c1", "v=0")))).isEqualTo("no mac");
        assertThat(new RoomKey("a different 16-byte key".getBytes(StandardCharsets.UTF_8)).verify(signed))
                .isEqualTo("a wrong mac");
    }

    @Test
    void anEnvelopeThatOnlyItsMacWouldPushOverTheLimitIsRefused() {
        String big = ProtocolCodec.encode(new Offer("lobby", "bob", "alice", "c1",
                "x".repeat(ProtocolCodec.MAX_MESSAGE_BYTES - 100)));
        assertThatThrownBy(() -> key.sign(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("larger than " + ProtocolCodec.MAX_MESSAGE_BYTES);
    }
}
