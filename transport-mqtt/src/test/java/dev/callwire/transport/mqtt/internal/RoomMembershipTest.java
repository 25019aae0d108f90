package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.DirectedMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.Welcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The room as the MQTT transport plays it, driven by hand: retained presence in, protocol messages out, on a
 * fake clock. No broker, no threads.
 */
class RoomMembershipTest {

    private static final String ROOM = "lobby";
    private static final String SELF = "alice";
    private static final Duration SETTLE = Duration.ofMillis(400);
    private static final Duration GRACE = RoomMembership.LEAVE_GRACE;
    private static final Duration TICK = Duration.ofMillis(1);

    private final Topics topics = new Topics("webrtc", ROOM, SELF);
    private final ManualScheduler clock = new ManualScheduler();
    private final RecordingPort port = new RecordingPort();
    private RoomMembership room;

    @BeforeEach
    void joinRoom() {
        room = new RoomMembership(new Join(ROOM, "Alice", null), SELF, topics, SETTLE, clock, port);
    }

    // ---- helpers: what the broker would deliver ----

    private void present(String peerId, String name) {
        room.inbound(topics.presence(peerId), json(new PeerJoined(ROOM, new PeerInfo(peerId, name))));
    }

    private void cleared(String peerId) {
        room.inbound(topics.presence(peerId), new byte[0]);
    }

    /** On the inbox topic of the sender the message names (a non-directed message: as if from mallory). */
    private void inbox(Message message) {
        String from = message instanceof DirectedMessage d && d.from() != null ? d.from() : "mallory";
        room.inbound(Topics.inbox("webrtc", ROOM, SELF, from), json(message));
    }

    private static byte[] json(Message message) {
        return ProtocolCodec.encode(message).getBytes(StandardCharsets.UTF_8);
    }

    private static Offer offerFrom(String from, String call) {
        return new Offer(ROOM, from, SELF, call, "v=0 sdp");
    }

    /** Connects, subscribes, lets {@code peers} arrive as retained presence, and waits out the settle window. */
    private void welcomedWith(String... peers) {
        room.connected();
        room.subscribed();
        for (String peer : peers) {
            present(peer, peer.toUpperCase());
        }
        clock.advance(SETTLE);
    }

    private List<String> welcomedPeerIds(int index) {
        return port.of(Welcome.class).get(index).peers().stream().map(PeerInfo::id).toList();
    }

    // ---- welcome ----

    @Test
    void retainedPresenceCollectedDuringTheSettleWindowBecomesTheWelcome() {
        room.connected();
        room.subscribed();
        present("bob", "Bob");
        present("carol", "Carol");
        clock.advance(SETTLE.minus(TICK));
        assertThat(port.delivered).as("nothing before the settle window ends").isEmpty();
        assertThat(port.presencePublished).isEmpty();

        clock.advance(TICK);

        assertThat(port.delivered).containsExactly(new Welcome(ROOM, SELF,
                List.of(new PeerInfo("bob", "Bob"), new PeerInfo("carol", "Carol")), List.of()));
        assertThat(port.presencePublished).containsExactly(new PeerJoined(ROOM, new PeerInfo(SELF, "Alice")));
        assertThat(port.welcomed).containsExactly(2);
        assertThat(room.isReady()).isTrue();
    }

    @Test
    void ownRetainedPresenceIsNotListedInTheWelcome() {
        room.connected();
        room.subscribed();
        present(SELF, "Alice from an earlier connection");
        present("bob", "Bob");
        clock.advance(SETTLE);

        assertThat(welcomedPeerIds(0)).containsExactly("bob");
    }

    @Test
    void directedMessagesThatArriveBeforeTheWelcomeAreHeldAndDeliveredRightAfterItInOrder() {
        room.connected();
        room.subscribed();
        inbox(offerFrom("bob", "call-1"));
        inbox(new Bye(ROOM, "bob", SELF, "call-1", ByeReason.HANGUP));
        assertThat(port.delivered).isEmpty();

        clock.advance(SETTLE);

        assertThat(port.delivered).hasSize(3);
        assertThat(port.delivered.get(0)).isInstanceOf(Welcome.class);
        assertThat(port.delivered.get(1)).isEqualTo(offerFrom("bob", "call-1"));
        assertThat(port.delivered.get(2)).isInstanceOf(Bye.class);
    }

    @Test
    void heldInboundMessagesAreBoundedAndTheExcessDropped() {
        room.connected();
        room.subscribed();
        for (int i = 0; i < RoomMembership.MAX_HELD_INBOUND + 20; i++) {
            inbox(offerFrom("bob", "call-" + i));
        }
        clock.advance(SETTLE);

        List<Offer> offers = port.of(Offer.class);
        assertThat(offers).hasSize(RoomMembership.MAX_HELD_INBOUND);
        assertThat(offers.get(0).callId()).isEqualTo("call-0");
    }

    @Test
    void heldMessagesOfAConnectionThatDroppedBeforeItsWelcomeAreForgotten() {
        room.connected();
        room.subscribed();
        inbox(offerFrom("bob", "stale"));
        room.disconnected();
        clock.advance(SETTLE);
        assertThat(port.delivered).as("the settle timer of the dropped connection does nothing").isEmpty();

        welcomedWith("bob");

        assertThat(port.delivered).hasSize(1).first().isInstanceOf(Welcome.class);
    }

    // ---- presence while joined ----

    @Test
    void aLaterPresenceIsPeerJoinedOnceAndARenameIsReportedAgain() {
        welcomedWith();
        port.forget();

        present("bob", "Bob");
        present("bob", "Bob"); // the same retained message again, e.g. a duplicate QoS 1 delivery
        present("bob", "Robert");

        assertThat(port.of(PeerJoined.class)).extracting(PeerJoined::peer)
                .containsExactly(new PeerInfo("bob", "Bob"), new PeerInfo("bob", "Robert"));
    }

    @Test
    void anEmptyRetainedPresenceIsPeerLeftOnlyAfterTheGracePeriod() {
        welcomedWith("bob");
        port.forget();

        cleared("bob"); // bob's goodbye or the broker's last will for him
        clock.advance(GRACE.minus(TICK));
        assertThat(port.delivered).isEmpty();
        clock.advance(TICK);

        assertThat(port.delivered).containsExactly(new PeerLeft(ROOM, "bob"));
        cleared("bob");
        clock.advance(GRACE);
        assertThat(port.delivered).as("reported gone once").hasSize(1);
    }

    @Test
    void aPeerBackWithinTheGracePeriodIsNeitherReportedGoneNorJoinedAgain() {
        welcomedWith("bob");
        port.forget();

        cleared("bob");
        clock.advance(GRACE.dividedBy(2));
        present("bob", "BOB"); // a reconnect racing its own last will
        clock.advance(GRACE);

        assertThat(port.delivered).isEmpty();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void brokerShutdownWillsFollowedByOurOwnDisconnectReportNobodyAsLeft() {
        welcomedWith("bob", "carol");
        port.forget();

        // A broker shutting down publishes every client's last will, then closes the connections.
        cleared("bob");
        cleared("carol");
        cleared(SELF);
        clock.advance(GRACE.dividedBy(5));
        room.disconnected();
        clock.advance(GRACE.multipliedBy(4));

        assertThat(port.delivered).as("no peer-left for the broker going away").isEmpty();
        assertThat(port.presencePublished).as("one republish while connected, none on the dead connection").hasSize(1);
        assertThat(clock.pending()).isZero();
    }

    @Test
    void theWelcomeAfterAReconnectListsWhoIsThereNowAndLaterChangesAreReportedAgainstIt() {
        welcomedWith("bob", "carol");
        room.disconnected();
        port.forget();

        // During the outage carol left for good and dave arrived; bob is still there.
        welcomedWith("bob", "dave");

        assertThat(port.of(Welcome.class)).hasSize(1);
        assertThat(welcomedPeerIds(0)).containsExactly("bob", "dave");
        assertThat(port.of(PeerLeft.class)).as("the welcome says who is gone, not a peer-left").isEmpty();
        assertThat(port.presencePublished).as("own presence published again").hasSize(1);
        assertThat(port.welcomed).containsExactly(2);

        port.forget();
        cleared("carol"); // carol's late will: she was never announced on this connection
        cleared("dave");
        clock.advance(GRACE);
        assertThat(port.delivered).containsExactly(new PeerLeft(ROOM, "dave"));
    }

    @Test
    void aPeerWhosePresenceIsGoneWhenTheWelcomeIsDueIsNotInIt() {
        room.connected();
        room.subscribed();
        present("bob", "Bob");
        cleared("bob");
        clock.advance(SETTLE.plus(GRACE));

        assertThat(port.delivered).containsExactly(new Welcome(ROOM, SELF, List.of(), List.of()));
    }

    @Test
    void ownPresenceClearedBySomeoneElseIsPublishedAgainAtOnceAndAFloodAtMostOncePerCooldown() {
        welcomedWith("bob");
        port.forget();
        PeerJoined own = new PeerJoined(ROOM, new PeerInfo(SELF, "Alice"));

        cleared(SELF); // a late last will of an earlier connection of ours, or anyone on a broker without ACLs
        assertThat(port.presencePublished).as("healed before the others' leave grace runs out").containsExactly(own);

        for (int i = 0; i < 50; i++) {
            cleared(SELF); // a flood of clears
        }
        assertThat(port.presencePublished).as("nothing more within the cooldown").hasSize(1);
        clock.advance(RoomMembership.REPUBLISH_COOLDOWN);
        assertThat(port.presencePublished).as("one more once the cooldown is over").hasSize(2);
        assertThat(RoomMembership.REPUBLISH_COOLDOWN).isLessThan(GRACE.dividedBy(2));
        clock.advance(GRACE);
        assertThat(port.presencePublished).as("nothing owed any more").hasSize(2);
        assertThat(port.delivered).isEmpty();
    }

    // ---- what is dropped ----

    @Test
    void malformedOrForgedPresenceIsDroppedAndAWellFormedOneAfterItStillCounts() {
        welcomedWith("bob");
        port.forget();
        String topic = topics.presence("mallory");

        room.inbound(topic, "not json".getBytes(StandardCharsets.UTF_8));
        room.inbound(topic, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b});
        room.inbound(topic, json(new PeerJoined(ROOM, new PeerInfo("eve", null)))); // another id than its topic's
        room.inbound(topic, json(new PeerJoined("elsewhere", new PeerInfo("mallory", null)))); // another room
        room.inbound(topic, json(new PeerLeft(ROOM, "bob"))); // a type that does not belong there
        room.inbound(topic, ("{\"v\":2,\"type\":\"peer-joined\",\"room\":\"" + ROOM
                + "\",\"peer\":{\"id\":\"mallory\"}}").getBytes(StandardCharsets.UTF_8)); // another version
        room.inbound(topics.presence("bad id"), json(new PeerJoined(ROOM, new PeerInfo("bob", null))));
        clock.advance(GRACE);
        assertThat(port.delivered).isEmpty();

        present("late", "Late");
        assertThat(port.delivered).containsExactly(new PeerJoined(ROOM, new PeerInfo("late", "Late")));
    }

    @Test
    void inboxMessagesThatAreNotForUsFromSomeoneElseInThisRoomAreDropped() {
        welcomedWith("bob");
        port.forget();

        inbox(new Offer("elsewhere", "bob", SELF, "c", "sdp"));
        inbox(new Offer(ROOM, "bob", "carol", "c", "sdp"));
        inbox(new Offer(ROOM, SELF, SELF, "c", "sdp"));
        inbox(new Welcome(ROOM, "mallory", List.of(), List.of()));
        String fromBob = Topics.inbox("webrtc", ROOM, SELF, "bob");
        room.inbound(fromBob, json(new Offer(ROOM, null, SELF, "c", "sdp")));
        room.inbound(fromBob, json(offerFrom("carol", "c"))); // a forged from: the topic says bob
        room.inbound(Topics.inbox("webrtc", ROOM, SELF, "mallory"), json(offerFrom("bob", "c"))); // likewise
        room.inbound(fromBob, "{\"v\":1,\"type\":\"bye\"".getBytes(StandardCharsets.UTF_8));
        room.inbound(fromBob, new byte[0]);
        room.inbound("webrtc/" + ROOM + "/peers/alice", json(offerFrom("bob", "c"))); // v1 inbox, no sender
        room.inbound("webrtc/" + ROOM + "/peers/carol/bob", json(offerFrom("bob", "c"))); // another peer's inbox
        room.inbound("webrtc/other-room/presence/bob", json(new PeerJoined("other-room", new PeerInfo("bob", null))));
        room.inbound("webrtc/" + ROOM + "/presence/bob/extra", new byte[0]);
        assertThat(port.delivered).isEmpty();

        inbox(offerFrom("bob", "good"));
        assertThat(port.delivered).containsExactly(offerFrom("bob", "good"));
    }

    // ---- join again, leave, close ----

    @Test
    void aRepeatedJoinRepublishesPresenceWithTheNewNameAndWelcomesAgain() {
        welcomedWith("bob");
        port.forget();

        room.joinedAgain(new Join(ROOM, "Alice B.", null));

        assertThat(port.presencePublished).containsExactly(new PeerJoined(ROOM, new PeerInfo(SELF, "Alice B.")));
        assertThat(port.delivered).containsExactly(new Welcome(ROOM, SELF, List.of(new PeerInfo("bob", "BOB")),
                List.of()));
    }

    @Test
    void leavingClearsOwnPresenceForgetsEveryoneAndIgnoresLaterInput() {
        welcomedWith("bob");
        cleared("bob");
        port.forget();

        room.leave();
        clock.advance(GRACE);
        present("carol", "Carol");
        inbox(offerFrom("bob", "after-leave"));
        room.subscribed();
        clock.advance(SETTLE);

        assertThat(port.presenceCleared).isEqualTo(1);
        assertThat(port.delivered).as("no peer-left, peer-joined, message or welcome after leaving").isEmpty();
        assertThat(room.isReady()).isFalse();
        assertThat(room.hasLeft()).isTrue();
        room.close(true);
        assertThat(port.presenceCleared).as("cleared once").isEqualTo(1);
    }

    @Test
    void closingGracefullyClearsOwnPresenceAndClosingAtOnceDoesNot() {
        welcomedWith("bob");
        cleared("bob");
        room.close(true);
        assertThat(port.presenceCleared).isEqualTo(1);
        assertThat(clock.pending()).as("the pending peer-left is cancelled").isZero();

        RecordingPort otherPort = new RecordingPort();
        RoomMembership other = new RoomMembership(new Join(ROOM, null, null), "zed", new Topics("webrtc", ROOM, "zed"),
                SETTLE, clock, otherPort);
        other.connected();
        other.subscribed();
        clock.advance(SETTLE);
        other.close(false);
        assertThat(otherPort.presenceCleared).isZero();
    }
}
