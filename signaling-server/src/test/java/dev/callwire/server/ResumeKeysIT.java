package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resume keys over raw WebSocket (issue 15, "id takeover with resume"; issue 14, "id kept"): a room member cannot
 * take a dropped peer's id, and a client whose old connection the server still holds gets its id back at once.
 * Each test also checks that the server stays responsive meanwhile.
 */
class ResumeKeysIT {

    private static final Duration RESPONSIVE = Duration.ofSeconds(1);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close(); // clients before their servers
        }
    }

    private SignalingServer server(SignalingServer.Builder builder) {
        SignalingServer server = builder.host("127.0.0.1").port(0).build();
        toClose.add(server);
        server.start();
        return server;
    }

    private WsTestClient client(SignalingServer server) {
        WsTestClient client = WsTestClient.connect(server);
        toClose.add(client);
        return client;
    }

    private static String room() {
        return "room-" + UUID.randomUUID();
    }

    /** Proves nothing else is queued for {@code client}: the probe's answer comes after anything sent before it. */
    private static void assertNothingElseReceived(WsTestClient client) {
        client.send(new Leave("probe-room-nobody-joins"));
        assertThat(client.nextError(ProtocolError.NOT_JOINED).ref()).isEqualTo("leave");
    }

    /** The next message of {@code type}, skipping presence news (the attacker's re-joins are seen by everyone). */
    private static <T extends Message> T nextIgnoringPresence(WsTestClient client, Class<T> type) {
        Message message = client.next();
        while (message instanceof PeerJoined || message instanceof PeerLeft) {
            message = client.next();
        }
        assertThat(message).isInstanceOf(type);
        return type.cast(message);
    }

    /** An already-joined pair in a room of its own, to prove relaying goes on during an attack. */
    private record Pair(String room, WsTestClient a, String aId, WsTestClient b, String bId) {
    }

    private Pair pair(SignalingServer server) {
        String room = room();
        WsTestClient a = client(server);
        WsTestClient b = client(server);
        String aId = a.join(room).self();
        String bId = b.join(room).self();
        a.next(PeerJoined.class);
        return new Pair(room, a, aId, b, bId);
    }

    /** The rules for every attack IT: health answers and an unrelated joined pair relays, each within a second. */
    private static void assertResponsive(SignalingServer server, Pair pair) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.httpUri() + "healthz")).timeout(RESPONSIVE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("/healthz").isLessThan(RESPONSIVE);
        start = System.nanoTime();
        pair.a().send(new Offer(pair.room(), null, pair.bId(), "probe-" + UUID.randomUUID(), "v=0"));
        assertThat(nextIgnoringPresence(pair.b(), Offer.class).from()).isEqualTo(pair.aId());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("relay of a joined pair").isLessThan(RESPONSIVE);
    }

    @Test
    void aRoomMemberCannotTakeADroppedPeersIdWithoutItsKey() throws Exception {
        SignalingServer server = server(SignalingServer.builder());
        Pair bystanders = pair(server);
        String room = room();
        WsTestClient victim = client(server);
        WsTestClient partner = client(server);
        WsTestClient attacker = client(server);
        Welcome victimWelcome = victim.join(room);
        String partnerId = partner.join(room).self();
        Welcome attackerWelcome = attacker.join(room);
        String victimId = victimWelcome.self();
        partner.next(PeerJoined.class);

        victim.abort(); // the victim's network fails
        assertThat(partner.next(PeerLeft.class).peerId()).isEqualTo(victimId);
        assertThat(attacker.next(PeerLeft.class).peerId()).isEqualTo(victimId);

        // The attacker re-joins its room asking for the victim's id: without a key, then with its own key.
        Welcome noKey = attacker.join(new Join(room, "victim", null, victimId, null));
        Welcome ownKey = attacker.join(new Join(room, "victim", null, victimId, attackerWelcome.resumeKey()));
        Welcome madeUp = attacker.join(new Join(room, "victim", null, victimId, "1700000000.AAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(List.of(noKey.self(), ownKey.self(), madeUp.self())).doesNotContain(victimId);
        assertResponsive(server, bystanders);

        // The partner still addresses the victim: the server has nobody by that id, the attacker receives nothing.
        partner.send(new Offer(room, null, victimId, "call-1", "v=0 partner's offer"));
        assertThat(nextIgnoringPresence(partner, ErrorMessage.class).code()).isEqualTo(ProtocolError.UNKNOWN_PEER);
        partner.send(new Candidate(room, null, victimId, "call-1", new IceCandidate("candidate:1 1 udp 1 192.0.2.7 9 typ host", "0", 0)));
        assertThat(partner.nextError(ProtocolError.UNKNOWN_PEER).ref()).isEqualTo("candidate");
        // What the attacker holds now says nothing of a relay still on its way. A round trip of its own is answered
        // on the same connection after anything the server sent it while handling the partner's messages.
        attacker.send(new Leave("probe-room-nobody-joins"));
        for (Message m = attacker.next(); !(m instanceof ErrorMessage e && e.code() == ProtocolError.NOT_JOINED);
                m = attacker.next()) {
            assertThat(m).as("nothing addressed to the victim").isNotInstanceOf(Offer.class).isNotInstanceOf(Candidate.class);
        }

        // The victim comes back with its key and gets its id, and with it the partner's calls.
        WsTestClient back = client(server);
        Welcome resumed = back.join(new Join(room, null, null, victimId, victimWelcome.resumeKey()));
        assertThat(resumed.self()).isEqualTo(victimId);
        partner.send(new Offer(room, null, victimId, "call-2", "v=0"));
        assertThat(nextIgnoringPresence(back, Offer.class).from()).isEqualTo(partnerId);
        assertResponsive(server, bystanders);
    }

    @Test
    void aWrongKeyCannotKickALiveHolderOff() throws Exception {
        SignalingServer server = server(SignalingServer.builder());
        Pair pair = pair(server);
        WsTestClient attacker = client(server);
        Welcome attackerWelcome = attacker.join(pair.room());
        pair.a().next(PeerJoined.class);
        pair.b().next(PeerJoined.class);

        Welcome refused = attacker.join(new Join(pair.room(), null, null, pair.aId(), attackerWelcome.resumeKey()));

        assertThat(refused.self()).isNotEqualTo(pair.aId());
        // After a round trip over the holder's connection, not at once: a close would still be on its way.
        assertResponsive(server, pair);
        assertThat(pair.a().closed()).as("the holder keeps its connection").isNotDone();
    }

    @Test
    void aClientWhoseOldConnectionIsStillHeldGetsItsIdBackAtOnce() throws Exception {
        SignalingServer server = server(SignalingServer.builder());
        String room = room();
        WsTestClient alice = client(server);
        WsTestClient bob = client(server);
        Welcome aliceWelcome = alice.join(room);
        String aliceId = aliceWelcome.self();
        String bobId = bob.join(room).self();
        alice.next(PeerJoined.class);
        bob.send(new Offer(room, null, aliceId, "call-1", "v=0 offer"));
        alice.next(Offer.class);

        // A network change without FIN: the old connection stays open on the server (here it simply goes quiet,
        // and keepalive would need about a minute to notice). Alice reconnects on a new one with her key.
        WsTestClient aliceAgain = client(server);
        long start = System.nanoTime();
        Welcome resumed = aliceAgain.join(new Join(room, null, null, aliceId, aliceWelcome.resumeKey()));
        Duration handOver = Duration.ofNanos(System.nanoTime() - start);

        assertThat(resumed.self()).isEqualTo(aliceId);
        assertThat(handOver).as("the id comes back at once, not after keepalive").isLessThan(RESPONSIVE);
        assertThat(resumed.peers()).extracting(p -> p.id()).containsExactly(bobId);
        assertThat(alice.closed()).as("the server closes the stale connection").succeedsWithin(WsTestClient.TIMEOUT);
        assertNothingElseReceived(bob); // no peer-left and no peer-joined: bob's call is undisturbed

        // The call's signaling goes on under the same id: both directions, stamped as before.
        aliceAgain.send(new Answer(room, null, bobId, "call-1", "v=0 answer"));
        Answer answer = bob.next(Answer.class);
        assertThat(answer.from()).isEqualTo(aliceId);
        bob.send(new Candidate(room, null, aliceId, "call-1", null));
        assertThat(aliceAgain.next(Candidate.class).from()).isEqualTo(bobId);
        assertThat(resumed.resumeKey()).as("a new key for the next time").isNotBlank();
    }

    @Test
    void aServerRestartedWithTheSameSecretGivesIdsBackAndOneWithoutItDoesNot() {
        String room = room();
        SignalingServer first = server(SignalingServer.builder().resumeSecret("restart-it-resume-secret"));
        Welcome welcome = client(first).join(room);
        first.close();

        SignalingServer sameSecret = server(SignalingServer.builder().resumeSecret("restart-it-resume-secret"));
        assertThat(client(sameSecret).join(new Join(room, null, null, welcome.self(), welcome.resumeKey())).self())
                .isEqualTo(welcome.self());
        SignalingServer noSecret = server(SignalingServer.builder());
        assertThat(client(noSecret).join(new Join(room, null, null, welcome.self(), welcome.resumeKey())).self())
                .as("a server that cannot verify the key").isNotEqualTo(welcome.self());
    }
}
