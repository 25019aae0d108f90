package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.Welcome;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code /ws} at the frame level: UTF-8 checked per message, not per frame, and a bad frame costs only its sender. */
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
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(WsTestClient.TIMEOUT);
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
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", shared.webSocketUri().getPort())) {
            socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: not-a-nonce\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] status = socket.getInputStream().readNBytes(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 400");
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
