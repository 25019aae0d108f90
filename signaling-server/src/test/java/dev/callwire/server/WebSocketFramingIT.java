package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.Welcome;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code /ws} at the frame level: UTF-8 checked as fragments arrive (a character may span them), a bad frame costs
 * only its sender, and the opening and closing handshakes' edge cases.
 */
class WebSocketFramingIT extends SharedServerFixture {

    @Test
    void aCharacterSplitAcrossFragmentsIsRelayedIntact() throws Exception {
        String room = room();
        try (RawFrameClient sender = new RawFrameClient(shared.webSocketUri())) {
            String senderId = joinRaw(sender, room);
            WsTestClient peer = client(shared);
            String peerId = peer.join(room).self();
            String call = call();
            byte[] offer = ProtocolCodec.encode(new Offer(room, null, peerId, call, "v=0 \u20ac\u00e9"))
                    .getBytes(StandardCharsets.UTF_8);
            int euro = indexOf(offer, (byte) 0xE2);

            sender.send(RawFrameClient.TEXT, false, Arrays.copyOfRange(offer, 0, euro + 1));
            sender.send(RawFrameClient.CONTINUATION, true, Arrays.copyOfRange(offer, euro + 1, offer.length));

            assertThat(peer.next(Offer.class)).isEqualTo(new Offer(room, senderId, peerId, call, "v=0 \u20ac\u00e9"));
        }
    }

    @Test
    void textThatIsNotUtf8ClosesOnlyItsSenderWith1007() throws Exception {
        String room = room();
        WsTestClient peer = client(shared);
        try (RawFrameClient sender = new RawFrameClient(shared.webSocketUri())) {
            String senderId = joinRaw(sender, room);
            peer.join(room);

            sender.send(RawFrameClient.TEXT, true, (byte) '{', (byte) 0xC3, (byte) '}');

            RawFrameClient.Frame close = nextOf(sender, RawFrameClient.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1007);
            assertThat(peer.next(PeerLeft.class).peerId()).isEqualTo(senderId);
            assertThat(peer.closed()).isNotDone();
            // The room goes on: a newcomer is announced to the remaining peer.
            WsTestClient newcomer = client(shared);
            String newcomerId = newcomer.join(room).self();
            assertThat(peer.next(PeerJoined.class).peer().id()).isEqualTo(newcomerId);
        }
    }

    /** OkHttp's transport pings and takes a missing pong for a dead connection (IceRestartIT caught this once). */
    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayload() throws Exception {
        try (RawFrameClient client = new RawFrameClient(shared.webSocketUri())) {
            joinRaw(client, room());

            client.send(RawFrameClient.PING, true, "are you there".getBytes(StandardCharsets.UTF_8));

            assertThat(nextOf(client, RawFrameClient.PONG).text()).isEqualTo("are you there");
        }
    }

    /** Jetty hands bytes that arrived with the upgrade request to the new connection; they must not be lost. */
    @Test
    void aFrameSentWithTheUpgradeRequestIsRead() throws Exception {
        byte[] join = RawFrameClient.frame(RawFrameClient.TEXT, true,
                ProtocolCodec.encode(new Join(room(), null, null)).getBytes(StandardCharsets.UTF_8));
        try (RawFrameClient client = new RawFrameClient(shared.webSocketUri(), join)) {
            assertThat(ProtocolCodec.decode(nextOf(client, RawFrameClient.TEXT).text())).isInstanceOf(Welcome.class);
        }
    }

    /** A client that never answers the server's close frame must not keep its connection (RFC 6455 section 7.1.1). */
    @Test
    void aClientThatNeverAnswersTheServersCloseIsDisconnected() throws Exception {
        try (RawFrameClient sender = new RawFrameClient(shared.webSocketUri())) {
            joinRaw(sender, room());
            long start = System.nanoTime();

            sender.send(RawFrameClient.TEXT, true, (byte) 0xC3);

            assertThat(nextOf(sender, RawFrameClient.CLOSE).closeCode()).isEqualTo(1007);
            assertThat(sender.closedByServer()).as("closed within %s", WsTestClient.TIMEOUT).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WsTestClient.TIMEOUT);
        }
    }

    /** A client's close is answered with its code, then the server closes the connection. */
    @Test
    void aClientsCloseIsEchoedAndTheConnectionClosed() throws Exception {
        try (RawFrameClient client = new RawFrameClient(shared.webSocketUri())) {
            joinRaw(client, room());

            client.send(RawFrameClient.CLOSE, true, (byte) 0x0F, (byte) 0xA0); // 4000

            assertThat(nextOf(client, RawFrameClient.CLOSE).closeCode()).isEqualTo(4000);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anUnmaskedFrameIsAProtocolError() throws Exception {
        try (RawFrameClient client = new RawFrameClient(shared.webSocketUri())) {
            joinRaw(client, room());

            client.sendRaw(0x81, 0x02, 'h', 'i'); // FIN text "hi", no mask bit

            assertThat(nextOf(client, RawFrameClient.CLOSE).closeCode()).isEqualTo(1002);
        }
    }

    @Test
    void anUpgradeWithAMalformedKeyIsRefusedWith400() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", shared.webSocketUri().getPort())) {
            socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: not-a-nonce\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] status = socket.getInputStream().readNBytes(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 400");
        }
    }

    /** RFC 6455 sections 4.2.2 and 4.4: a client speaking another version learns which one to retry with. */
    @Test
    void anUpgradeToAnotherVersionIsAnswered426NamingVersion13() throws Exception {
        for (String path : new String[] {"/ws", "/socket.io/?EIO=4&transport=websocket"}) {
            String head = upgradeHead(path, "Sec-WebSocket-Version: 8\r\n");
            assertThat(head).as(path).startsWith("HTTP/1.1 426 ");
            assertThat(head.toLowerCase(Locale.ROOT)).as(path).contains("\r\nsec-websocket-version: 13\r\n")
                    .contains("\r\nupgrade: websocket\r\n");
        }
    }

    /** Section 4.1 requires the version: without it the request is malformed, as without a key. */
    @Test
    void anUpgradeWithoutAVersionIsRefusedWith400() throws Exception {
        assertThat(upgradeHead("/ws", "")).startsWith("HTTP/1.1 400 ");
    }

    /** Section 8.1: bytes that cannot be UTF-8 fail the connection when they arrive, not when the message ends. */
    @Test
    void aFragmentThatCannotBeUtf8ClosesWith1007BeforeTheMessageEnds() throws Exception {
        try (RawFrameClient client = new RawFrameClient(shared.webSocketUri())) {
            joinRaw(client, room());

            client.send(RawFrameClient.TEXT, false, (byte) '{', (byte) '"', (byte) 0xED);
            client.send(RawFrameClient.CONTINUATION, false, (byte) 0xA0, (byte) 0x80); // a UTF-16 surrogate
            // No final fragment: the message's deadline would close with 1008, not 1007.

            RawFrameClient.Frame close = nextOf(client, RawFrameClient.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1007);
        }
    }

    /** Stopping says 1001, "going away" (section 7.4.1), waits for the client's answer, then closes its socket. */
    @Test
    void stoppingTheServerClosesOpenWebSocketsWith1001() throws Exception {
        SignalingServer own = server(SignalingServer.builder().port(0));
        try (RawFrameClient client = new RawFrameClient(own.webSocketUri())) {
            joinRaw(client, room());

            CompletableFuture<Void> stopped =
                    CompletableFuture.runAsync(own::close);

            RawFrameClient.Frame close = nextOf(client, RawFrameClient.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(close.closeReason()).isEqualTo("server stopping");
            client.send(RawFrameClient.CLOSE, true, (byte) 0x03, (byte) 0xE9);
            assertThat(client.closedByServer()).isTrue();
            stopped.get(WsTestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /**
     * The per-address cap counts sockets: a connection the server closed keeps its slot until its socket is closed
     * (up to the close wait when the client ignores our close frame), though its room forgot it at once.
     */
    @Test
    void aClosingConnectionHoldsItsAddressSlotUntilItsSocketCloses() throws Exception {
        SignalingServer own = server(SignalingServer.builder().port(0).loopbackLimits(2, 1_000, 1_000));
        String room = room();
        WsTestClient peer = client(own);
        try (RawFrameClient closing = new RawFrameClient(own.webSocketUri())) {
            String closingId = joinRaw(closing, room);
            peer.join(room); // after: its welcome lists the other, whose leaving it then hears
            closing.send(RawFrameClient.TEXT, true, (byte) 0xC3); // not UTF-8: closed with 1007
            assertThat(nextOf(closing, RawFrameClient.CLOSE).closeCode()).isEqualTo(1007);
            assertThat(peer.next(PeerLeft.class).peerId()).as("the room is told at once").isEqualTo(closingId);

            // Not answered yet: its socket is open, so the address holds two.
            assertThatThrownBy(() -> new RawFrameClient(own.webSocketUri()).close()).hasMessageContaining("429");

            closing.send(RawFrameClient.CLOSE, true, (byte) 0x03, (byte) 0xEF);
            assertThat(closing.closedByServer()).isTrue();
        }
        await().atMost(WsTestClient.TIMEOUT).untilAsserted(() -> new RawFrameClient(own.webSocketUri()).close());
    }

    /** The status line and headers the server answers an upgrade request to {@code /path} with. */
    private static String upgradeHead(String path, String versionLine) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", shared.webSocketUri().getPort())) {
            socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + versionLine + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }

    private static String joinRaw(RawFrameClient client, String room) throws Exception {
        client.sendText(ProtocolCodec.encode(new Join(room, null, null)));
        Message welcome = ProtocolCodec.decode(nextOf(client, RawFrameClient.TEXT).text());
        assertThat(welcome).isInstanceOf(Welcome.class);
        return ((Welcome) welcome).self();
    }

    /** The next frame of one kind, skipping pings and the like. */
    private static RawFrameClient.Frame nextOf(RawFrameClient client, int opCode) throws Exception {
        RawFrameClient.Frame frame;
        do {
            frame = client.next();
        } while (frame.opCode() != opCode);
        return frame;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
