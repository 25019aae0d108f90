package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The frame-header check that bounds inbound WebSocket messages, fed hand-made server output. */
class FrameLimitingInputStreamTest {

    private static final int LIMIT = 1000;
    private static final byte[] HANDSHAKE = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private static byte[] frame(int first, long length, boolean withPayload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        if (length < 126) {
            out.write((int) length);
        } else if (length <= 0xFFFF) {
            out.write(126);
            out.write((int) (length >>> 8));
            out.write((int) length & 0xFF);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (length >>> (8 * i)) & 0xFF);
            }
        }
        if (withPayload) {
            out.writeBytes(new byte[(int) length]);
        }
        return out.toByteArray();
    }

    private static byte[] wire(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HANDSHAKE);
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] drain(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void messagesWithinTheLimitPassUnchangedWhateverTheReadSizes() throws IOException {
        byte[] wire = wire(frame(0x81, LIMIT, true), // text at the limit
                frame(0x89, 4, true), // ping
                frame(0x01, 600, true), frame(0x8A, 0, true), frame(0x80, 400, true), // fragments, pong between
                frame(0x82, 70_000 - 69_500, true)); // binary
        for (int chunk : new int[] {1, 7, 8192}) {
            assertThat(drain(new FrameLimitingInputStream(new ByteArrayInputStream(wire), LIMIT), chunk))
                    .isEqualTo(wire);
        }
    }

    @Test
    void aFrameHeaderAnnouncingMoreThanTheLimitFailsBeforeItsPayload() {
        byte[] wire = wire(frame(0x81, 100L * 1024 * 1024, false)); // the payload never needs to exist
        assertThatThrownBy(() -> drain(new FrameLimitingInputStream(new ByteArrayInputStream(wire), LIMIT), 8192))
                .isInstanceOf(InboundLimitExceededException.class)
                .hasMessage("the server sent a WebSocket message of 104857600 bytes; the limit is 1000 bytes "
                        + "(the signaling protocol's maximum): closing the connection");
    }

    @Test
    void fragmentsCountTogether() {
        byte[] wire = wire(frame(0x01, 600, true), frame(0x00, 300, true), frame(0x80, 200, false));
        assertThatThrownBy(() -> drain(new FrameLimitingInputStream(new ByteArrayInputStream(wire), LIMIT), 64))
                .isInstanceOf(InboundLimitExceededException.class).hasMessageContaining("at least 1100 bytes");
    }

    @Test
    void compressedFramesAreRefusedSinceTheirInflatedSizeIsUnknown() {
        byte[] wire = wire(frame(0xC1, 10, true));
        assertThatThrownBy(() -> drain(new FrameLimitingInputStream(new ByteArrayInputStream(wire), LIMIT), 64))
                .isInstanceOf(InboundLimitExceededException.class).hasMessageContaining("compressed");
    }

    @Test
    void aRefusedHandshakeIsPassedThroughUnread() throws IOException {
        byte[] refusal = ("HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\n" + "\u00ff".repeat(5))
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(drain(new FrameLimitingInputStream(new ByteArrayInputStream(refusal), LIMIT), 3)).isEqualTo(refusal);
    }

    @Test
    void anEndlessResponseHeadIsRefused() {
        byte[] head = ("HTTP/1.1 101 x\r\nX: " + "a".repeat(FrameLimitingInputStream.MAX_HEAD)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> drain(new FrameLimitingInputStream(new ByteArrayInputStream(head), LIMIT), 8192))
                .isInstanceOf(InboundLimitExceededException.class).hasMessageContaining("response head");
    }
}
