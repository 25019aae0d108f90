package dev.callwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written encoding of relayed messages against Jackson's generator, character for character. */
class DirectedWriterTest {

    /** Every ASCII character, the escaped ones among them, and some that JSON leaves alone. */
    private static final String TRICKY;

    static {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        TRICKY = all.append("\u00e9\u2028\u2029\ud83d\ude00\ud83d/\\\"").toString();
    }

    private static List<DirectedMessage> messages(String text, String from) {
        return List.of(new Offer("r", from, "to-1", "c.1", text),
                new Answer("r", from, "to-1", "c_1", text),
                new Candidate("r", from, "to-1", "c", new IceCandidate(text, text, 3)),
                new Candidate("r", from, "to-1", "c", new IceCandidate(text, null, 0)),
                new Candidate("r", from, "to-1", "c", new IceCandidate(text, "0", null)),
                new Candidate("r", from, "to-1", "c", null),
                new Bye("r", from, "to-1", "c", null),
                new Bye("r", from, "to-1", "c", ByeReason.TIMEOUT));
    }

    @Test
    void writesWhatTheGeneratorWrites() {
        List<DirectedMessage> all = new ArrayList<>(messages(TRICKY, "peer-A"));
        all.addAll(messages("v=0\r\n", null));
        Random random = new Random(17);
        for (int i = 0; i < 200; i++) {
            char[] chars = new char[1 + random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = random.nextBoolean() ? TRICKY.charAt(random.nextInt(TRICKY.length()))
                        : (char) random.nextInt(0x10000);
            }
            all.addAll(messages(new String(chars), i % 2 == 0 ? null : "p"));
        }

        for (DirectedMessage message : all) {
            assertThat(DirectedWriter.write(message)).as(message.toString()).isEqualTo(ProtocolCodec.generate(message));
        }
    }

    @Test
    void escapesControlCharactersAsJacksonDoes() {
        String json = ProtocolCodec.encode(new Offer("r", "a", "b", "c", "\"\\\b\t\n\f\r\u0000\u001f\u007f/\u00e9"));

        assertThat(json).isEqualTo("{\"v\":1,\"type\":\"offer\",\"room\":\"r\",\"from\":\"a\",\"to\":\"b\",\"call\":\"c\","
                + "\"sdp\":\"\\\"\\\\\\b\\t\\n\\f\\r\\u0000\\u001F\u007f/\u00e9\"}");
        assertThat(ProtocolCodec.decode(json)).isEqualTo(new Offer("r", "a", "b", "c",
                "\"\\\b\t\n\f\r\u0000\u001f\u007f/\u00e9"));
    }
}
