package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameParserTest {

    private static final int MAX = 1000;

    /** Everything the parser reported, as text: "text fin=true hello", "ping x", "error 1002 ...". */
    private final List<String> events = new ArrayList<>();
    private final FrameParser parser = new FrameParser(MAX, new FrameParser.Sink() {
        @Override
        public void onData(boolean text, boolean fin, ByteBuffer payload) {
            events.add((text ? "text" : "binary") + " fin=" + fin + " " + utf8(payload));
        }

        @Override
        public void onControl(int opCode, ByteBuffer payload) {
            String name = opCode == FrameParser.PING ? "ping" : opCode == FrameParser.PONG ? "pong" : "close";
            events.add(name + " " + (opCode == FrameParser.CLOSE && payload.remaining() >= 2
                    ? FrameParser.closeCode(payload) : utf8(payload)));
        }

        @Override
        public void onProtocolError(int closeCode, String reason) {
            events.add("error " + closeCode);
        }
    });

    private static String utf8(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A client frame: masked unless told otherwise, with the length form its size needs. */
    static byte[] frame(int firstByte, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            out.write(mask | payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(mask | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(mask | 127);
            out.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] key = {0x11, (byte) 0xA2, 0x33, (byte) 0xC4};
        if (masked) {
            out.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
        }
        return out.toByteArray();
    }

    static byte[] frame(int firstByte, String payload) {
        return frame(firstByte, payload.getBytes(StandardCharsets.UTF_8), true);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private void parse(byte[] bytes) {
        parser.parse(ByteBuffer.wrap(bytes));
    }

    @Test
    void severalFramesInOneReadAreReportedInOrder() {
        parse(concat(frame(0x81, "hello"), frame(0x89, "are you there"), frame(0x01, "ab"), frame(0x8A, ""),
                frame(0x80, "cd"), frame(0x82, "\u0001")));

        assertThat(events).containsExactly("text fin=true hello", "ping are you there", "text fin=false ab",
                "pong ", "text fin=true cd", "binary fin=true \u0001");
        assertThat(parser.holdsBytes()).isFalse();
    }

    @Test
    void framesSplitAtEveryByteBoundaryAreReassembled() {
        String big = "\u20ac".repeat(100); // 300 bytes: the 16-bit length form
        byte[] stream = concat(frame(0x81, "small"), frame(0x81, big), frame(0x88,
                new byte[] {0x03, (byte) 0xE8, 'o', 'k'}, true));
        for (int cut = 1; cut < stream.length; cut++) {
            events.clear();
            FrameParserTest fresh = new FrameParserTest();
            fresh.parse(Arrays.copyOfRange(stream, 0, cut));
            fresh.parse(Arrays.copyOfRange(stream, cut, stream.length));
            assertThat(fresh.events).as("cut at %d", cut)
                    .containsExactly("text fin=true small", "text fin=true " + big, "close 1000");
            assertThat(fresh.parser.holdsBytes()).isFalse();
        }
    }

    @Test
    void aFrameDeliveredOneByteAtATimeIsReassembled() {
        byte[] stream = frame(0x81, "x".repeat(MAX));
        for (byte b : stream) {
            parse(new byte[] {b});
        }
        assertThat(events).containsExactly("text fin=true " + "x".repeat(MAX));
    }

    @Test
    void anIncompleteFrameIsHeldOnlyUntilItCompletes() {
        byte[] frame = frame(0x81, "partial");
        parse(Arrays.copyOf(frame, 5));
        assertThat(parser.holdsBytes()).isTrue();
        assertThat(events).isEmpty();

        parse(Arrays.copyOfRange(frame, 5, frame.length));
        assertThat(parser.holdsBytes()).isFalse();
        assertThat(events).containsExactly("text fin=true partial");
    }

    @Test
    void anUnmaskedClientFrameIs1002() {
        parse(frame(0x81, "hi".getBytes(StandardCharsets.UTF_8), false));
        assertThat(events).containsExactly("error 1002");
        assertThat(parser.failed()).isTrue();
    }

    @Test
    void rsvBitsAre1002() {
        for (int rsv : new int[] {0x40, 0x20, 0x10}) {
            FrameParserTest fresh = new FrameParserTest();
            fresh.parse(frame(0x81 | rsv, "hi"));
            assertThat(fresh.events).as("rsv %x", rsv).containsExactly("error 1002");
        }
    }

    @Test
    void unknownOpcodesAre1002() {
        for (int opCode : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            FrameParserTest fresh = new FrameParserTest();
            fresh.parse(frame(0x80 | opCode, ""));
            assertThat(fresh.events).as("opcode %x", opCode).containsExactly("error 1002");
        }
    }

    @Test
    void controlFramesMustBeWholeAndShort() {
        parse(frame(0x09, "fragmented ping"));
        assertThat(events).containsExactly("error 1002");

        FrameParserTest longPing = new FrameParserTest();
        longPing.parse(frame(0x89, "p".repeat(126)));
        assertThat(longPing.events).containsExactly("error 1002");

        FrameParserTest longest = new FrameParserTest();
        longest.parse(frame(0x89, "p".repeat(125)));
        assertThat(longest.events).containsExactly("ping " + "p".repeat(125));
    }

    @Test
    void aContinuationWithoutAMessageIs1002() {
        parse(frame(0x80, "orphan"));
        assertThat(events).containsExactly("error 1002");
    }

    @Test
    void aNewDataFrameInsideAFragmentedMessageIs1002() {
        parse(concat(frame(0x01, "start"), frame(0x81, "interloper")));
        assertThat(events).containsExactly("text fin=false start", "error 1002");
    }

    @Test
    void controlFramesMayComeBetweenFragments() {
        parse(concat(frame(0x02, "a"), frame(0x89, "p"), frame(0x80, "b")));
        assertThat(events).containsExactly("binary fin=false a", "ping p", "binary fin=true b");
    }

    @Test
    void aMessageOverTheLimitIs1009BeforeItsBytesArrive() {
        // Only the header of a frame declaring MAX + 1 bytes: refused on the declared length, nothing buffered.
        byte[] frame = frame(0x81, "y".repeat(MAX + 1));
        parse(Arrays.copyOf(frame, 8));
        assertThat(events).containsExactly("error 1009");
        assertThat(parser.holdsBytes()).isFalse();
    }

    @Test
    void theLimitCountsAllFragmentsOfAMessage() {
        parse(concat(frame(0x01, "a".repeat(600)), frame(0x00, "b".repeat(400))));
        assertThat(events).hasSize(2);
        parse(frame(0x80, "c"));
        assertThat(events).last().isEqualTo("error 1009");
    }

    @Test
    void aMessageOfExactlyTheLimitPasses() {
        parse(concat(frame(0x01, "a".repeat(600)), frame(0x80, "b".repeat(400))));
        assertThat(events).containsExactly("text fin=false " + "a".repeat(600), "text fin=true " + "b".repeat(400));
    }

    @Test
    void aSixtyFourBitLengthWithTheTopBitSetIs1002() {
        byte[] header = {(byte) 0x82, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4};
        parse(header);
        assertThat(events).containsExactly("error 1002");
    }

    @Test
    void closePayloadsAreChecked() {
        FrameParserTest oneByte = new FrameParserTest();
        oneByte.parse(frame(0x88, new byte[] {0x03}, true));
        assertThat(oneByte.events).containsExactly("error 1002");

        FrameParserTest reserved = new FrameParserTest();
        reserved.parse(frame(0x88, new byte[] {0x03, (byte) 0xED}, true)); // 1005 may not be sent
        assertThat(reserved.events).containsExactly("error 1002");

        FrameParserTest badReason = new FrameParserTest();
        badReason.parse(frame(0x88, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3}, true));
        assertThat(badReason.events).containsExactly("error 1007");

        FrameParserTest empty = new FrameParserTest();
        empty.parse(frame(0x88, new byte[0], true));
        assertThat(empty.events).containsExactly("close ");

        FrameParserTest application = new FrameParserTest();
        application.parse(frame(0x88, new byte[] {0x0F, (byte) 0xA0}, true)); // 4000
        assertThat(application.events).containsExactly("close 4000");
    }

    @Test
    void nothingIsReportedAfterABrokenRule() {
        parse(concat(frame(0x81, "ok"), frame(0x80, "orphan"), frame(0x81, "ignored")));
        parse(frame(0x81, "still ignored"));
        assertThat(events).containsExactly("text fin=true ok", "error 1002");
    }

    @Test
    void directBuffersAreUnmaskedInPlace() {
        byte[] bytes = concat(frame(0x81, "direct and odd-sized!"), frame(0x81, "x"));
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        parser.parse(direct);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(events).containsExactly("text fin=true direct and odd-sized!", "text fin=true x");
    }

    @Test
    void serverFramesUseTheShortestLengthForm() {
        assertThat(encoded(125)).startsWith((byte) 0x81, (byte) 125).hasSize(2 + 125);
        assertThat(encoded(126)).startsWith((byte) 0x81, (byte) 126, (byte) 0, (byte) 126).hasSize(4 + 126);
        assertThat(encoded(70_000)).startsWith((byte) 0x81, (byte) 127).hasSize(10 + 70_000);
    }

    @Test
    void closeReasonsAreCutToFitAndOnACharacter() {
        byte[] payload = FrameWriter.closePayload(1008, "\u20ac".repeat(50)); // 150 bytes of reason
        assertThat(payload.length).isLessThanOrEqualTo(125);
        assertThat(FrameParser.closeCode(ByteBuffer.wrap(payload))).isEqualTo(1008);
        assertThat(TextAssembler.decode(payload, 2, payload.length - 2)).isEqualTo("\u20ac".repeat(41));
    }

    private static byte[] encoded(int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : FrameWriter.frame(FrameParser.TEXT, new byte[length])) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
