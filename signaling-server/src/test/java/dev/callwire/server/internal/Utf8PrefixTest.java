package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8PrefixTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void findsAnIncompleteLastCharacter() {
        byte[] euro = bytes('a', 0xE2, 0x82, 0xAC);
        assertThat(Utf8Prefix.check(euro, 0, 4)).isEqualTo(4);
        assertThat(Utf8Prefix.check(euro, 0, 3)).isEqualTo(1);
        assertThat(Utf8Prefix.check(euro, 0, 2)).isEqualTo(1);
        assertThat(Utf8Prefix.incompleteTail(euro, 4)).isEqualTo(4);
        assertThat(Utf8Prefix.incompleteTail(euro, 3)).isEqualTo(1);
        assertThat(Utf8Prefix.incompleteTail(euro, 2)).isEqualTo(1);
        assertThat(Utf8Prefix.incompleteTail(euro, 1)).isEqualTo(1);
    }

    @Test
    void refusesAtTheFirstByteNoContinuationCanMend() {
        assertThat(Utf8Prefix.check(bytes(0x80), 0, 1)).as("lone continuation").isEqualTo(Utf8Prefix.INVALID);
        assertThat(Utf8Prefix.check(bytes(0xC1), 0, 1)).as("overlong lead").isEqualTo(Utf8Prefix.INVALID);
        assertThat(Utf8Prefix.check(bytes(0xF5), 0, 1)).as("over U+10FFFF").isEqualTo(Utf8Prefix.INVALID);
        assertThat(Utf8Prefix.check(bytes(0xE0, 0x9F), 0, 2)).as("overlong 3 bytes").isEqualTo(Utf8Prefix.INVALID);
        assertThat(Utf8Prefix.check(bytes(0xED, 0xA0), 0, 2)).as("surrogate").isEqualTo(Utf8Prefix.INVALID);
        assertThat(Utf8Prefix.check(bytes(0xF0, 0x8F), 0, 2)).as("overlong 4 bytes").isEqualTo(Utf8Prefix.INVALID);
        assertThat(Utf8Prefix.check(bytes(0xF4, 0x90), 0, 2)).as("over U+10FFFF").isEqualTo(Utf8Prefix.INVALID);
        assertThat(Utf8Prefix.check(bytes(0xF0, 0x90, 0x41), 0, 3)).as("cut short").isEqualTo(Utf8Prefix.INVALID);
        assertThat(Utf8Prefix.check(bytes(0xED, 0x9F), 0, 2)).as("U+D7C0.. may follow").isEqualTo(0);
        assertThat(Utf8Prefix.check(bytes(0xF4, 0x8F), 0, 2)).as("U+10FFFF may follow").isEqualTo(0);
    }

    /** Whole sequences agree with the JDK's strict decoder, for every pair and for random runs of high bytes. */
    @Test
    void agreesWithTheJdksStrictDecoder() {
        List<String> disagreements = new ArrayList<>();
        for (int first = 0; first < 256; first++) {
            for (int second = 0; second < 256; second++) {
                compare(bytes(first, second), disagreements);
            }
        }
        Random random = new Random(6455);
        int[] likely = {0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF,
            0xF0, 0xF1, 0xF4, 0xF5, 0xFF};
        int valid = 0;
        for (int run = 0; run < 100_000; run++) {
            byte[] sample = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = (byte) likely[random.nextInt(likely.length)];
            }
            valid += compare(sample, disagreements) ? 1 : 0;
        }
        assertThat(disagreements).isEmpty();
        assertThat(valid).as("the random runs include valid text").isGreaterThan(1_000);
    }

    /** Whether the JDK accepts {@code sample}; a disagreement is recorded. */
    private static boolean compare(byte[] sample, List<String> disagreements) {
        boolean jdk = jdkAccepts(sample);
        if ((Utf8Prefix.check(sample, 0, sample.length) == sample.length) != jdk) {
            disagreements.add(Arrays.toString(sample) + (jdk ? " is UTF-8" : " is not UTF-8"));
        }
        return jdk;
    }

    /** Every prefix of valid text is valid so far, and checking on from its tail reaches the end. */
    @Test
    void everyPrefixOfValidTextIsAcceptedAndResumable() {
        byte[] text = "a\u00e9\u20ac\uD83D\uDE00\uFFFD\u07FF\uD7FF\uE000\uDBFF\uDFFF".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= text.length; split++) {
            int checked = Utf8Prefix.check(text, 0, split);
            assertThat(checked).as("prefix of %d", split).isNotEqualTo(Utf8Prefix.INVALID);
            int tail = Utf8Prefix.incompleteTail(text, split);
            assertThat(tail).as("tail at %d", split).isEqualTo(checked);
            assertThat(Utf8Prefix.check(text, tail, text.length)).isEqualTo(text.length);
        }
    }
}
