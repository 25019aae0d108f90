package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The {@code /ws} upgrade read without Jetty's HTTP/1.1 ({@code DirectWebSocketUpgrade}): a head that comes in
 * pieces, and what it hands on to HTTP, which must answer exactly as before.
 */
class DirectWebSocketUpgradeIT extends SharedServerFixture {

    /** RFC 6455 section 1.3's example key and its accept value. */
    private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @Test
    void aHeadArrivingOneByteAtATimeIsUpgradedAndTheWebSocketWorks() throws Exception {
        // 2.5 KB of padding: the head outgrows the reader's first buffer twice.
        String padded = UPGRADE.replace("\r\n\r\n", "\r\nX-Padding: " + "p".repeat(2500) + "\r\n\r\n");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            for (byte b : padded.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush(); // with TCP_NODELAY each byte is its own segment
            }
            String head = RawFrameClient.readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101 ")
                    .contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");

            out.write(RawFrameClient.frame(RawFrameClient.CLOSE, true, (byte) 0x03, (byte) 0xE8)); // 1000
            out.flush();
            int first = socket.getInputStream().read();
            assertThat(first).as("the server's close frame").isEqualTo(0x80 | RawFrameClient.CLOSE);
        }
    }

    @Test
    void framesWellBeyondTheHeadBufferSentWithTheHeadAreAllRead() throws Exception {
        String room = room();
        byte[] join = RawFrameClient.frame(RawFrameClient.TEXT, true,
                ProtocolCodec.encode(new Join(room, null, null)).getBytes(StandardCharsets.UTF_8));
        // 30 KB to a peer that is not there: answered unknown-peer, after the welcome, if every byte arrived.
        byte[] offer = RawFrameClient.frame(RawFrameClient.TEXT, true, ProtocolCodec.encode(
                new Offer(room, null, "nobody", "call-1", "v=0\r\n" + "a=x\r\n".repeat(6000)))
                .getBytes(StandardCharsets.UTF_8));
        byte[] early = Arrays.copyOf(join, join.length + offer.length);
        System.arraycopy(offer, 0, early, join.length, offer.length);
        try (RawFrameClient client = new RawFrameClient(shared.webSocketUri(), early)) {
            assertThat(ProtocolCodec.decode(client.next().text())).isInstanceOf(Welcome.class);
            assertThat(ProtocolCodec.decode(client.next().text())).isInstanceOfSatisfying(ErrorMessage.class,
                    error -> assertThat(error.code()).isEqualTo(ProtocolError.UNKNOWN_PEER));
        }
    }

    @Test
    void aGetOfWsThatIsNotAnUpgradeIsAnsweredByHttp() throws Exception {
        assertThat(exchange("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void anUpgradeLeftToHttpIsStillOpenedThere() throws Exception {
        // Two keys: not a plain head, so HTTP reads it from its first byte; Jetty takes the first key, as it did
        // before this path existed.
        String twoKeys = UPGRADE.replace("Sec-WebSocket-Version", "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n"
                + "Sec-WebSocket-Version");
        try (Socket socket = connect()) {
            socket.getOutputStream().write(twoKeys.getBytes(StandardCharsets.US_ASCII));
            assertThat(RawFrameClient.readHead(socket.getInputStream())).startsWith("HTTP/1.1 101 ")
                    .contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
            socket.getOutputStream().write(RawFrameClient.frame(RawFrameClient.CLOSE, true, (byte) 0x03, (byte) 0xE8));
            assertThat(socket.getInputStream().read()).as("the server's close frame").isEqualTo(0x80 | RawFrameClient.CLOSE);
        }
    }

    @Test
    void otherPathsStillReachHttp() throws Exception {
        assertThat(exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", shared.webSocketUri().getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
        return socket;
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return RawFrameClient.readHead(socket.getInputStream());
        }
    }
}
