package dev.callwire.server.internal;

import static dev.callwire.server.internal.HubFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import dev.callwire.server.internal.HubFixture.Fake;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub with in-memory connections: resume keys, stale holders, and a welcome built before any change. */
class HubTest {

    private static final String ROOM = HubFixture.ROOM;

    private final Hub hub = new Hub(settings(HubSettings.DEFAULT_ROOM_CAPACITY, null));

    private Fake connect() {
        return connect(hub);
    }

    private static Fake connect(Hub hub) {
        return new Fake(hub);
    }

    @Test
    void theRightKeyGetsTheIdBackAndNoKeyOrAWrongOneGetsAFreshId() {
        Fake alice = connect();
        Welcome first = alice.join(new Join(ROOM, "Alice", null));
        assertThat(first.resumeKey()).isNotBlank();
        Fake other = connect();
        Welcome otherWelcome = other.join(new Join(ROOM, null, null));
        alice.close(); // a clean drop: the id is free now

        Fake noKey = connect();
        assertThat(noKey.join(new Join(ROOM, null, null, first.self(), null)).self()).isNotEqualTo(first.self());
        Fake wrongKey = connect();
        assertThat(wrongKey.join(new Join(ROOM, null, null, first.self(), otherWelcome.resumeKey())).self())
                .as("another peer's key").isNotEqualTo(first.self());
        Fake back = connect();
        Welcome resumed = back.join(new Join(ROOM, "Alice", null, first.self(), first.resumeKey()));
        assertThat(resumed.self()).isEqualTo(first.self());
        assertThat(resumed.resumeKey()).as("a fresh key with every welcome").isNotBlank();
    }

    @Test
    void aMemberReJoiningOnItsOwnConnectionGetsAFreshWelcomeAndNobodyHearsOfIt() {
        Hub turnHub = new Hub(new HubSettings(null, 10, 1_000, 1_000, "turn-secret", List.of("turn:127.0.0.1:3478"),
                Duration.ofHours(1), List.of(), Clock.systemUTC(), null));
        Fake alice = connect(turnHub);
        Welcome first = alice.join(new Join(ROOM, "Alice", null));
        Fake bob = connect(turnHub);
        String bobId = bob.join(new Join(ROOM, "Bob", null)).self();
        alice.drain();
        bob.drain();

        Welcome refreshed = alice.join(new Join(ROOM, "Alice", null, first.self(), first.resumeKey()));

        assertThat(refreshed.self()).isEqualTo(first.self());
        assertThat(refreshed.peers()).extracting(p -> p.id()).containsExactly(bobId);
        assertThat(refreshed.iceServers()).singleElement()
                .satisfies(server -> assertThat(server.username()).endsWith(":" + first.self()));
        assertThat(alice.transportClosed).isFalse();
        assertThat(bob.drain()).as("no peer-left, no peer-joined").isEmpty();
        bob.send(new Offer(ROOM, null, first.self(), "call-1", "v=0"));
        assertThat(alice.drain()).last().isEqualTo(new Offer(ROOM, bobId, first.self(), "call-1", "v=0"));

        Welcome unproven = alice.join(new Join(ROOM, "Alice", null, first.self(), null));
        assertThat(unproven.self()).as("without the key it is an ordinary re-join under a fresh id")
                .isNotEqualTo(first.self());
    }

    @Test
    void aStaleHolderIsClosedAndTheIdHandedOverAtOnceWithoutDisturbingThePartner() {
        Fake alice = connect();
        Welcome aliceWelcome = alice.join(new Join(ROOM, "Alice", null));
        Fake bob = connect();
        String bobId = bob.join(new Join(ROOM, "Bob", null)).self();
        alice.drain();
        bob.drain();

        Fake aliceAgain = connect(); // a new network; the old connection is still open as far as the server knows
        Welcome resumed = aliceAgain.join(new Join(ROOM, "Alice", null, aliceWelcome.self(), aliceWelcome.resumeKey()));

        assertThat(resumed.self()).isEqualTo(aliceWelcome.self());
        assertThat(resumed.peers()).extracting(p -> p.id()).containsExactly(bobId);
        assertThat(alice.transportClosed).as("the stale connection is closed").isTrue();
        assertThat(alice.drain()).isEmpty();
        assertThat(bob.drain()).as("no peer-left, no peer-joined: alice never went away for bob").isEmpty();
        assertThat(hub.connectionCount()).isEqualTo(2);

        bob.send(new Offer(ROOM, null, aliceWelcome.self(), "call-1", "v=0"));
        assertThat(aliceAgain.drain()).last().isEqualTo(new Offer(ROOM, bobId, aliceWelcome.self(), "call-1", "v=0"));
        aliceAgain.close();
        assertThat(bob.drain()).containsExactly(new PeerLeft(ROOM, aliceWelcome.self()));
    }

    @Test
    void aWrongKeyDoesNotDisturbTheHolder() {
        Fake alice = connect();
        Welcome aliceWelcome = alice.join(new Join(ROOM, null, null));
        Fake mallory = connect();
        Welcome malloryWelcome = mallory.join(new Join(ROOM, null, null));
        alice.drain();

        Fake again = connect();
        assertThat(again.join(new Join(ROOM, null, null, aliceWelcome.self(), malloryWelcome.resumeKey())).self())
                .isNotEqualTo(aliceWelcome.self());
        assertThat(alice.transportClosed).isFalse();
        assertThat(alice.drain()).hasSize(1).first().isInstanceOf(PeerJoined.class);
    }

    @Test
    void aRestartedHubWithTheSameSecretHonoursTheOldKeys() {
        Hub before = new Hub(settings(10, "the-operators-resume-secret"));
        Welcome welcome = connect(before).join(new Join(ROOM, null, null));

        Hub after = new Hub(settings(10, "the-operators-resume-secret"));
        assertThat(connect(after).join(new Join(ROOM, null, null, welcome.self(), welcome.resumeKey())).self())
                .isEqualTo(welcome.self());
        Hub forgetful = new Hub(settings(10, null));
        assertThat(connect(forgetful).join(new Join(ROOM, null, null, welcome.self(), welcome.resumeKey())).self())
                .as("a server that cannot verify the key").isNotEqualTo(welcome.self());
    }

    @Test
    void aHandOverIsAllowedInAFullRoom() {
        Hub small = new Hub(settings(2, null));
        Fake alice = connect(small);
        Welcome aliceWelcome = alice.join(new Join(ROOM, null, null));
        connect(small).join(new Join(ROOM, null, null));

        Fake third = connect(small);
        third.send(new Join(ROOM, null, null));
        assertThat(third.drain()).singleElement().extracting(m -> ((ErrorMessage) m).code())
                .isEqualTo(ProtocolError.ROOM_FULL);
        assertThat(connect(small).join(new Join(ROOM, null, null, aliceWelcome.self(), aliceWelcome.resumeKey()))
                .self()).isEqualTo(aliceWelcome.self());
    }

    @Test
    void aWelcomeThatDoesNotFitIsRefusedBeforeTheJoinerIsAdded() {
        Hub unlimited = new Hub(settings(0, null));
        String longName = "€".repeat(64); // 192 bytes of UTF-8 per listed member
        List<Fake> members = new ArrayList<>();
        Fake refused = null;
        for (int i = 0; i < 400 && refused == null; i++) {
            Fake member = connect(unlimited);
            member.send(new Join(ROOM, longName, null));
            if (member.received.get(member.received.size() - 1) instanceof ErrorMessage error) {
                assertThat(error.code()).isEqualTo(ProtocolError.ROOM_FULL);
                refused = member;
            } else {
                members.add(member);
            }
        }
        assertThat(refused).as("some join must overflow 64 KiB").isNotNull();
        assertThat(members.size()).isBetween(200, 300);
        members.forEach(Fake::drain);

        Fake firstMember = members.get(0);
        firstMember.send(new Offer(ROOM, null, "nobody-by-this-id", "c", "v=0"));
        assertThat(firstMember.drain()).singleElement().extracting(m -> ((ErrorMessage) m).code())
                .isEqualTo(ProtocolError.UNKNOWN_PEER);
        assertThat(unlimited.peerIdOf(refused)).as("the refused joiner is in no room").isNull();
        assertThat(members.get(1).drain()).as("nobody heard of the refused joiner").isEmpty();

        members.get(0).close(); // one leaves: the next join fits again
        assertThat(refused.join(new Join(ROOM, longName, null)).peers()).hasSize(members.size() - 1);
    }

    @Test
    void theDefaultCapacityFitsTheLongestNames() {
        // 100 members whose 64-character names take 3 bytes a character (the most a valid name can) fit 64 KiB.
        Hub defaults = new Hub(settings(HubSettings.DEFAULT_ROOM_CAPACITY, null));
        String worstName = "€".repeat(64);
        for (int i = 0; i < HubSettings.DEFAULT_ROOM_CAPACITY; i++) {
            connect(defaults).join(new Join(ROOM, worstName, null));
        }
        Fake oneTooMany = connect(defaults);
        oneTooMany.send(new Join(ROOM, worstName, null));
        assertThat(oneTooMany.drain()).singleElement().extracting(m -> ((ErrorMessage) m).message())
                .asString().contains("is full (100 peers)");
    }

    private static Hub hubWithJoinRate(double perSecond, int burst) {
        return new Hub(new HubSettings(null, 0, 1_000, 1_000, null, List.of(), Duration.ofHours(1), List.of(),
                Clock.systemUTC(), null, perSecond, burst));
    }

    @Test
    void joinLeaveTogglingInALargeRoomIsRationedAndCoalescedAway() {
        Hub hub = hubWithJoinRate(2, 10);
        List<Fake> members = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // HostileClientsIT does 400 over real WebSockets
            Fake member = connect(hub);
            member.join(new Join(ROOM, "m" + i, null));
            members.add(member);
        }
        members.forEach(Fake::drain);
        long presenceBefore = hub.presenceSent();

        Fake attacker = connect(hub);
        int rateLimited = 0;
        for (int i = 0; i < 200; i++) {
            attacker.send(new Join(ROOM, "toggler", null));
            attacker.send(new dev.callwire.protocol.Leave(ROOM));
        }
        for (Message answer : attacker.drain()) {
            if (answer instanceof ErrorMessage error && error.code() == ProtocolError.RATE_LIMITED) {
                rateLimited++;
            }
        }
        long toMembers = members.stream().mapToLong(m -> m.drain().size()).sum();

        assertThat(rateLimited).as("joins beyond the burst of 10 are refused").isGreaterThanOrEqualTo(189);
        // Before: 400 joins and leaves x 100 members = 40,000 messages. Each admitted join left before a flush: nothing.
        assertThat(toMembers).as("messages the room received").isZero();
        assertThat(hub.presenceSent() - presenceBefore).isZero();
    }

    @Test
    void aJoinIsHeardBeforeTheJoinersFirstMessageAndByEveryoneWhoJoinsLater() {
        Fake alice = connect();
        String aliceId = alice.join(new Join(ROOM, "Alice", null)).self();
        Fake bob = connect();
        Welcome bobWelcome = bob.join(new Join(ROOM, "Bob", null));
        // Bob's peer-joined is still being coalesced; his offer must not overtake it.
        bob.send(new Offer(ROOM, null, aliceId, "call-1", "v=0"));
        List<Message> atAlice = alice.received;
        assertThat(atAlice).hasSize(3); // welcome, peer-joined, offer: in that order
        assertThat(atAlice.get(1)).isInstanceOf(PeerJoined.class);
        assertThat(((PeerJoined) atAlice.get(1)).peer().id()).isEqualTo(bobWelcome.self());
        assertThat(atAlice.get(2)).isInstanceOf(Offer.class);

        Fake carol = connect(); // joins while alice's leave is pending
        bob.drain();
        alice.close();
        Welcome carolWelcome = carol.join(new Join(ROOM, "Carol", null));
        assertThat(carolWelcome.peers()).extracting(p -> p.id()).containsExactly(bobWelcome.self());
        assertThat(bob.drain()).containsExactly(new PeerLeft(ROOM, aliceId),
                new PeerJoined(ROOM, new dev.callwire.protocol.PeerInfo(carolWelcome.self(), "Carol")));
        assertThat(carol.drain()).as("carol never saw alice").hasSize(1); // its welcome only
    }

    @Test
    void namesWithControlOrBidiOverrideCharactersAreRefusedAndJoinNothing() {
        Fake alice = connect();
        alice.join(new Join(ROOM, "Alice", null));
        Fake mallory = connect();
        mallory.send(new Join(ROOM, "admin\u202e", null));
        List<Message> answers = mallory.drain();
        assertThat(answers).hasSize(1).first().isInstanceOfSatisfying(ErrorMessage.class,
                e -> assertThat(e.code()).isEqualTo(ProtocolError.BAD_MESSAGE));
        assertThat(alice.drain()).as("nobody hears of a refused joiner").hasSize(1); // its own welcome
    }
}
