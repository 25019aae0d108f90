package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6455 conformance of {@code /ws}, case by case in the spirit of the Autobahn testsuite's sections 1 to 7. The
 * server echoes nothing, so a valid message is shown by its protocol-level effect (a {@code join} is answered with a
 * {@code welcome}) and a broken rule by the close code it earns. Every case opens its own connection.
 */
class WebSocketConformanceIT {

    private static SignalingServer server;

    @BeforeAll
    static void start() {
        // Dozens of connections in a second from loopback: this test is not about the per-address caps.
        server = SignalingServer.builder().port(0).loopbackLimits(1_000, 10_000, 10_000).build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] join() {
        return ProtocolCodec.encode(new Join("room-" + UUID.randomUUID(), null, null))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] padded(byte[] json, int length) {
        byte[] out = Arrays.copyOf(json, length);
        Arrays.fill(out, json.length, length, (byte) ' '); // JSON allows trailing white space
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] closePayload(int code, byte[] reason) {
        return concat(bytes(code >> 8, code & 0xFF), reason);
    }

    /** The next frame that is not a ping. */
    private static RawFrameClient.Frame next(RawFrameClient client) throws Exception {
        RawFrameClient.Frame frame;
        do {
            frame = client.next();
        } while (frame.opCode() == RawFrameClient.PING);
        return frame;
    }

    private static void assertWelcome(RawFrameClient client) throws Exception {
        RawFrameClient.Frame frame = next(client);
        assertThat(frame.opCode()).isEqualTo(RawFrameClient.TEXT);
        assertThat(ProtocolCodec.decode(frame.text())).isInstanceOf(Welcome.class);
    }

    private static void assertPong(RawFrameClient client, byte[] payload) throws Exception {
        RawFrameClient.Frame frame = next(client);
        assertThat(frame.opCode()).isEqualTo(RawFrameClient.PONG);
        assertThat(frame.payload()).isEqualTo(payload);
    }

    /**
     * A close frame with {@code code}, answered as a client would (the server may have closed already), then the
     * socket closed promptly: well within the server's 5 s wait for an answer it can no longer parse.
     */
    private static void assertClosedWith(RawFrameClient client, int code) throws Exception {
        RawFrameClient.Frame frame = next(client);
        assertThat(frame.opCode()).as("a close frame").isEqualTo(RawFrameClient.CLOSE);
        assertThat(frame.closeCode()).isEqualTo(code);
        long start = System.nanoTime();
        try {
            client.send(RawFrameClient.CLOSE, true, frame.payload().length >= 2 ? closePayload(code, new byte[0])
                    : new byte[0]);
        } catch (IOException e) {
            // already closed by the server
        }
        assertThat(client.closedByServer()).as("then the socket closed").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    // Section 1: text messages at the payload length encodings' boundaries (7-bit, 16-bit).
    @ParameterizedTest(name = "a join of {0} bytes")
    @MethodSource("lengths")
    void aJoinOfAnyLengthIsAnswered(int length) throws Exception {
        try (RawFrameClient client = new RawFrameClient(server.webSocketUri())) {
            client.send(RawFrameClient.TEXT, true, padded(join(), length));
            assertWelcome(client);
        }
    }

    static IntStream lengths() {
        return IntStream.of(125, 126, 127, 128, 0xFFFF);
    }

    // Section 1.1.1 and 1.2: an empty text message and a binary one are answered by the protocol, not closed.
    @Test
    void emptyAndBinaryMessagesAreAnsweredWithBadMessage() throws Exception {
        try (RawFrameClient client = new RawFrameClient(server.webSocketUri())) {
            client.send(RawFrameClient.TEXT, true);
            assertThat(errorCode(next(client))).isEqualTo(ProtocolError.BAD_MESSAGE);
            client.send(0x2, true, join()); // binary
            assertThat(errorCode(next(client))).isEqualTo(ProtocolError.BAD_MESSAGE);
            client.send(RawFrameClient.TEXT, true, join());
            assertWelcome(client);
        }
    }

    private static ProtocolError errorCode(RawFrameClient.Frame frame) {
        Message message = ProtocolCodec.decode(frame.text());
        assertThat(message).isInstanceOf(ErrorMessage.class);
        return ((ErrorMessage) message).code();
    }

    // Section 2: pings answered with their payload, in order; a pong nobody asked for is ignored.
    @Test
    void pingsAreAnsweredInOrderAndUnsolicitedPongsIgnored() throws Exception {
        try (RawFrameClient client = new RawFrameClient(server.webSocketUri())) {
            byte[] longest = new byte[125];
            Arrays.fill(longest, (byte) 0xFE); // binary payload: pings carry bytes, not text
            client.send(RawFrameClient.PING, true);
            client.send(RawFrameClient.PING, true, longest);
            client.send(RawFrameClient.PONG, true, bytes(1, 2, 3));
            for (int i = 0; i < 10; i++) {
                client.send(RawFrameClient.PING, true, bytes(i));
            }
            assertPong(client, new byte[0]);
            assertPong(client, longest);
            for (int i = 0; i < 10; i++) {
                assertPong(client, bytes(i));
            }
            client.send(RawFrameClient.TEXT, true, join());
            assertWelcome(client);
        }
    }

    // Section 2.6 and 5: a frame dripped byte by byte, and a message in fragments with pings between them.
    @Test
    void fragmentsAndPingsInterleaveAndFramesMayArriveByteByByte() throws Exception {
        try (RawFrameClient client = new RawFrameClient(server.webSocketUri())) {
            byte[] ping = RawFrameClient.frame(RawFrameClient.PING, true, bytes('h', 'i'));
            client.sendRaw(IntStream.range(0, ping.length).map(i -> ping[i] & 0xFF).toArray());
            assertPong(client, bytes('h', 'i'));

            byte[] join = join();
            for (int i = 0; i < join.length; i++) {
                client.send(i == 0 ? RawFrameClient.TEXT : RawFrameClient.CONTINUATION, i == join.length - 1,
                        bytes(join[i]));
                if (i % 10 == 0) {
                    client.send(RawFrameClient.PING, true, bytes(i));
                    assertPong(client, bytes(i));
                }
            }
            assertWelcome(client);
        }
    }

    // Section 6: multi-byte UTF-8 in a message, and split at every byte.
    @Test
    void utf8SplitAtEveryByteIsDecoded() throws Exception {
        String name = "\u03ba\u1f79\u03c3\u03bc\u03b5 \uD83D\uDE00";
        byte[] join = ProtocolCodec.encode(new Join("room-" + UUID.randomUUID(), name, null))
                .getBytes(StandardCharsets.UTF_8);
        try (RawFrameClient client = new RawFrameClient(server.webSocketUri())) {
            for (int i = 0; i < join.length; i++) {
                client.send(i == 0 ? RawFrameClient.TEXT : RawFrameClient.CONTINUATION, i == join.length - 1,
                        bytes(join[i]));
            }
            assertWelcome(client);
        }
    }

    // Section 7: a close is answered with its own code (none for none), and the socket then closed.
    @ParameterizedTest(name = "close code {0}")
    @MethodSource("sendableCodes")
    void aCloseIsEchoed(int code) throws Exception {
        try (RawFrameClient client = new RawFrameClient(server.webSocketUri())) {
            client.send(RawFrameClient.CLOSE, true, code < 0 ? new byte[0] : closePayload(code, reason(123)));
            assertClosedWith(client, code < 0 ? 1005 : code);
        }
    }

    static IntStream sendableCodes() {
        return IntStream.of(-1, 1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999);
    }

    private static byte[] reason(int length) {
        byte[] reason = new byte[length];
        Arrays.fill(reason, (byte) '*');
        return reason;
    }

    // Sections 3 to 7: a broken rule closes with the code it earns (1002 protocol, 1007 not UTF-8).
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void aBrokenRuleClosesWithItsCode(String rule, byte[] frames, int code) throws Exception {
        try (RawFrameClient client = new RawFrameClient(server.webSocketUri())) {
            client.send(RawFrameClient.TEXT, true, join()); // section 3: what came before is still answered
            assertWelcome(client);
            client.sendRaw(IntStream.range(0, frames.length).map(i -> frames[i] & 0xFF).toArray());
            assertClosedWith(client, code);
        }
    }

    static Stream<Arguments> brokenRules() {
        Stream.Builder<Arguments> rules = Stream.builder();
        for (int rsv : new int[] {0x40, 0x20, 0x10}) {
            rules.add(Arguments.of("RSV bits " + Integer.toHexString(rsv), frame(rsv | RawFrameClient.TEXT, join()),
                    1002));
        }
        for (int opCode : new int[] {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            rules.add(Arguments.of("reserved opcode " + opCode, frame(opCode, new byte[0]), 1002));
        }
        rules.add(Arguments.of("a ping of 126 bytes", frame(RawFrameClient.PING, new byte[126]), 1002));
        rules.add(Arguments.of("a fragmented ping",
                RawFrameClient.frame(RawFrameClient.PING, false, bytes(1)), 1002));
        rules.add(Arguments.of("a continuation with nothing to continue",
                frame(RawFrameClient.CONTINUATION, bytes('x')), 1002));
        rules.add(Arguments.of("a new message inside a fragmented one",
                concat(RawFrameClient.frame(RawFrameClient.TEXT, false, bytes('[')), frame(RawFrameClient.TEXT,
                        bytes(']'))), 1002));
        rules.add(Arguments.of("a close payload of one byte", frame(RawFrameClient.CLOSE, bytes(0x03)), 1002));
        rules.add(Arguments.of("a close over 125 bytes", frame(RawFrameClient.CLOSE, closePayload(1000, reason(124))),
                1002));
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            rules.add(Arguments.of("close code " + code, frame(RawFrameClient.CLOSE, closePayload(code, new byte[0])),
                    1002));
        }
        rules.add(Arguments.of("a close reason not UTF-8",
                frame(RawFrameClient.CLOSE, closePayload(1000, bytes(0xCE, 0xBA, 0xE1, 0xBD))), 1007));
        byte[][] notUtf8 = {bytes(0xC0, 0xAF), bytes(0xE0, 0x80, 0xAF), bytes(0xED, 0xA0, 0x80),
            bytes(0xF4, 0x90, 0x80, 0x80), bytes(0x80), bytes(0xFE), bytes('a', 0xE2, 0x82)};
        for (byte[] text : notUtf8) {
            rules.add(Arguments.of("text " + Arrays.toString(text), frame(RawFrameClient.TEXT, text), 1007));
        }
        // Section 6.4: the bad bytes in the first fragment; no final fragment is ever sent.
        rules.add(Arguments.of("a first fragment not UTF-8",
                RawFrameClient.frame(RawFrameClient.TEXT, false, bytes('{', 0xF5)), 1007));
        return rules.build();
    }

    private static byte[] frame(int firstByteLowBits, byte[] payload) {
        return RawFrameClient.frame(firstByteLowBits, true, payload);
    }
}
