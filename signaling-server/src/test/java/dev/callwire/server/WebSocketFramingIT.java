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
