package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checks of protocol v1.1 on what arrives: the topic names the sender, the envelope must agree. */
class InboundGateTest {

    private static final String ROOM = "lobby";
    private static final byte[] KEY = "0123456789abcdef-room-key".getBytes(StandardCharsets.UTF_8);

    private final Topics topics = new Topics("webrtc", ROOM, "alice");
    private final InboundGate open = new InboundGate(topics, null);
    private final RoomKey key = new RoomKey(KEY);
    private final InboundGate keyed = new InboundGate(topics, key);

    private static byte[] json(Message message) {
        return ProtocolCodec.encode(message).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] signed(Message message) {
        return key.sign(ProtocolCodec.encode(message)).getBytes(StandardCharsets.UTF_8);
    }

    private static String from(String sender) {
        return Topics.inbox("webrtc", ROOM, "alice", sender);
    }

    @Test
    void anEnvelopeThatAgreesWithItsTopicPasses() {
        Offer offer = new Offer(ROOM, "bob", "alice", "c1", "v=0");
        assertThat(open.check(from("bob"), json(offer))).isEqualTo(new InboundGate.Directed(offer));
        PeerJoined bob = new PeerJoined(ROOM, new PeerInfo("bob", "Bob"));
        assertThat(open.check(topics.presence("bob"), json(bob))).isEqualTo(new InboundGate.Present(bob));
        assertThat(open.check(topics.presence("bob"), new byte[0])).isEqualTo(new InboundGate.Cleared("bob"));
        assertThat(open.dropped()).isZero();
    }

    @Test
    void aForgedFromAWrongToOrAnotherRoomIsDroppedAndCounted() {
        assertThat(open.check(from("mallory"), json(new Offer(ROOM, "bob", "alice", "c", "v=0"))))
                .as("topic says mallory, envelope says bob").isInstanceOf(InboundGate.Dropped.class);
        assertThat(open.check(from("bob"), json(new Offer(ROOM, null, "alice", "c", "v=0"))))
                .as("no from").isInstanceOf(InboundGate.Dropped.class);
        assertThat(open.check(from("bob"), json(new Answer(ROOM, "bob", "carol", "c", "v=0"))))
                .as("to someone else").isInstanceOf(InboundGate.Dropped.class);
        assertThat(open.check(from("bob"), json(new Offer("elsewhere", "bob", "alice", "c", "v=0"))))
                .as("another room").isInstanceOf(InboundGate.Dropped.class);
        assertThat(open.check(from("alice"), json(new Offer(ROOM, "alice", "alice", "c", "v=0"))))
                .as("from ourselves").isInstanceOf(InboundGate.Dropped.class);
        assertThat(open.check(from("bob"), json(new PeerJoined(ROOM, new PeerInfo("bob", null)))))
                .as("presence in the inbox").isInstanceOf(InboundGate.Dropped.class);
        assertThat(open.dropped()).isEqualTo(6);
    }

    @Test
    void presenceIsAcceptedOnlyWhenItsIdIsTheTopics() {
        assertThat(open.check(topics.presence("mallory"), json(new PeerJoined(ROOM, new PeerInfo("bob", "Bob")))))
                .isEqualTo(new InboundGate.Dropped("presence on the topic of mallory that claims peer bob"));
        assertThat(open.check(topics.presence("bob"), json(new PeerJoined("elsewhere", new PeerInfo("bob", null)))))
                .isInstanceOf(InboundGate.Dropped.class);
        assertThat(open.check(topics.presence("bob"), json(new Offer(ROOM, "bob", "alice", "c", "v=0"))))
                .isInstanceOf(InboundGate.Dropped.class);
        assertThat(open.dropped()).isEqualTo(3);
    }

    @Test
    void oversizedPayloadsAndTheirStandInsAreDroppedWithoutDecoding() {
        byte[] huge = new byte[ProtocolCodec.MAX_MESSAGE_BYTES + 1];
        huge[0] = '{';
        assertThat(open.check(topics.presence("bob"), huge)).isInstanceOf(InboundGate.Dropped.class);
        byte[] marker = "\0callwire-oversized:104857600".getBytes(StandardCharsets.US_ASCII);
        assertThat(open.check(topics.presence("bob"), marker)).isInstanceOfSatisfying(InboundGate.Dropped.class,
                d -> assertThat(d.reason()).contains("104857600 bytes"));
        assertThat(open.dropped()).isEqualTo(2);
    }

    @Test
    void withARoomKeyOnlyValidlySignedEnvelopesPass() {
        Offer offer = new Offer(ROOM, "bob", "alice", "c1", "v=0");
        assertThat(keyed.check(from("bob"), signed(offer))).isEqualTo(new InboundGate.Directed(offer));
        PeerJoined bob = new PeerJoined(ROOM, new PeerInfo("bob", "Bob"));
        assertThat(keyed.check(topics.presence("bob"), signed(bob))).isEqualTo(new InboundGate.Present(bob));

        assertThat(keyed.check(from("bob"), json(offer))).isEqualTo(new InboundGate.Dropped("inbox message from bob with no mac"));
        assertThat(keyed.check(topics.presence("bob"), json(bob))).as("unsigned presence: no ghost, no rename")
                .isInstanceOf(InboundGate.Dropped.class);
        byte[] otherKey = new RoomKey("another key of 16+ bytes".getBytes(StandardCharsets.UTF_8))
                .sign(ProtocolCodec.encode(offer)).getBytes(StandardCharsets.UTF_8);
        assertThat(keyed.check(from("bob"), otherKey)).isEqualTo(new InboundGate.Dropped("inbox message from bob with a wrong mac"));
        // A valid envelope of bob's, replayed by mallory under her own sender topic: the topic check still applies.
        assertThat(keyed.check(from("mallory"), signed(offer))).isInstanceOf(InboundGate.Dropped.class);
        // A signed envelope altered after signing.
        String tampered = new String(signed(offer), StandardCharsets.UTF_8).replace("v=0", "v=1");
        assertThat(keyed.check(from("bob"), tampered.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new InboundGate.Dropped("inbox message from bob with a wrong mac"));
        assertThat(keyed.dropped()).isEqualTo(5);
    }
}
