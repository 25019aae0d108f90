package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.IceServer;
import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server over raw WebSocket: rooms, relay, resume, TURN credentials, static files. */
class SignalingServerIT extends SharedServerFixture {

    @Test
    void joinRelayAndLeave() {
        String room = room();
        WsTestClient alice = client(shared);
        WsTestClient bob = client(shared);

        Welcome aliceWelcome = alice.join(new Join(room, "Alice", null));
        assertThat(aliceWelcome.room()).isEqualTo(room);
        assertThat(aliceWelcome.self()).matches("[A-Za-z0-9._-]{1,64}");
        assertThat(aliceWelcome.peers()).isEmpty();
        assertThat(aliceWelcome.iceServers()).isEmpty();

        Welcome bobWelcome = bob.join(new Join(room, "Bob", null));
        assertThat(bobWelcome.self()).isNotEqualTo(aliceWelcome.self());
        assertThat(bobWelcome.peers()).containsExactly(new PeerInfo(aliceWelcome.self(), "Alice"));
        assertThat(alice.next(PeerJoined.class).peer()).isEqualTo(new PeerInfo(bobWelcome.self(), "Bob"));

        String callId = call();
        bob.send(new Offer(room, "mallory", aliceWelcome.self(), callId, "v=0 offer"));
        Offer offer = alice.next(Offer.class);
        assertThat(offer.from()).as("spoofed from is overwritten").isEqualTo(bobWelcome.self());
        assertThat(offer.to()).isEqualTo(aliceWelcome.self());
        assertThat(offer.callId()).isEqualTo(callId);
        assertThat(offer.sdp()).isEqualTo("v=0 offer");

        alice.send(new Answer(room, null, bobWelcome.self(), callId, "v=0 answer"));
        assertThat(bob.next(Answer.class)).isEqualTo(new Answer(room, aliceWelcome.self(), bobWelcome.self(), callId, "v=0 answer"));

        IceCandidate ice = new IceCandidate("candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host", "0", 0);
        alice.send(new Candidate(room, null, bobWelcome.self(), callId, ice));
        alice.send(new Candidate(room, null, bobWelcome.self(), callId, null));
        assertThat(bob.next(Candidate.class).candidate()).isEqualTo(ice);
        assertThat(bob.next(Candidate.class).isEndOfCandidates()).isTrue();

        bob.send(new Bye(room, null, aliceWelcome.self(), callId, ByeReason.DECLINED));
        assertThat(alice.next(Bye.class).reason()).isEqualTo(ByeReason.DECLINED);

        bob.send(new Leave(room));
        assertThat(alice.next(PeerLeft.class)).isEqualTo(new PeerLeft(room, bobWelcome.self()));
        bob.send(new Offer(room, null, aliceWelcome.self(), callId, "v=0"));
        bob.nextError(ProtocolError.NOT_JOINED);
        assertNothingElseReceived(alice);
        assertNothingElseReceived(bob);
    }

    @Test
    void droppedConnectionCountsAsLeave() {
        String room = room();
        WsTestClient alice = client(shared);
        WsTestClient bob = client(shared);
        alice.join(room);
        String bobId = bob.join(room).self();
        alice.next(PeerJoined.class);

        bob.abort();

        assertThat(alice.next(PeerLeft.class).peerId()).isEqualTo(bobId);
        await().atMost(WsTestClient.TIMEOUT).untilAsserted(() -> assertThat(healthz(shared)).contains("\"connections\":1"));
    }

    @Test
    void secondJoinMovesTheConnection() {
        String first = room();
        String second = room();
        WsTestClient mover = client(shared);
        WsTestClient stayer = client(shared);
        WsTestClient other = client(shared);
        String moverFirstId = mover.join(first).self();
        stayer.join(first);
        mover.next(PeerJoined.class);
        String otherId = other.join(second).self();

        Welcome moved = mover.join(second);

        assertThat(moved.room()).isEqualTo(second);
        assertThat(moved.peers()).extracting(PeerInfo::id).containsExactly(otherId);
        assertThat(stayer.next(PeerLeft.class).peerId()).isEqualTo(moverFirstId);
        assertThat(other.next(PeerJoined.class).peerId()).isEqualTo(moved.self());
        mover.send(new Offer(first, null, moverFirstId, call(), "v=0"));
        mover.nextError(ProtocolError.UNKNOWN_PEER);
        assertNothingElseReceived(stayer);
    }

    @Test
    void resumeNeedsTheKeyOfTheWelcome() {
        String room = room();
        WsTestClient first = client(shared);
        WsTestClient second = client(shared);
        Welcome firstWelcome = first.join(room);
        assertThat(firstWelcome.resumeKey()).as("sent to the joiner").isNotBlank();

        String secondId = second.join(new Join(room, null, null, firstWelcome.self(), null)).self();
        assertThat(secondId).as("no key, fresh id").isNotEqualTo(firstWelcome.self()).matches("[A-Za-z0-9._-]{1,64}");
        PeerJoined seen = first.next(PeerJoined.class);
        assertThat(seen.peerId()).isEqualTo(secondId);
        assertThat(ProtocolCodec.encode(seen)).as("only the joiner gets its key").doesNotContain("resumeKey");
    }

    @Test
    void noMessageCrossesRooms() {
        String roomA = room();
        String roomB = room();
        WsTestClient a = client(shared);
        WsTestClient a2 = client(shared);
        WsTestClient b = client(shared);
        String aId = a.join(roomA).self();
        a2.join(roomA);
        a.next(PeerJoined.class);
        String bId = b.join(roomB).self();

        // The right peer id with the sender's room, and with the target's room: both refused.
        a.send(new Offer(roomA, null, bId, call(), "v=0"));
        assertThat(a.nextError(ProtocolError.UNKNOWN_PEER).room()).isEqualTo(roomA);
        a.send(new Offer(roomB, null, bId, call(), "v=0"));
        a.nextError(ProtocolError.UNKNOWN_PEER);
        b.send(new Bye(roomA, null, aId, call(), null));
        b.nextError(ProtocolError.UNKNOWN_PEER);

        assertNothingElseReceived(b);
        assertNothingElseReceived(a2);
        assertNothingElseReceived(a);
    }

    @Test
    void welcomeCarriesCoturnRestCredentials() throws Exception {
        SignalingServer server = server(SignalingServer.builder().port(0)
                .turnSecret("turn-secret")
                .allowAnonymousTurn(true) // no join secret here: this test is about the credentials' format
                .turnUrls(List.of("turn:127.0.0.1:3478", "turn:127.0.0.1:3478?transport=tcp"))
                .turnTtl(Duration.ofHours(1))
                .iceServers(List.of(IceServer.stun("stun:127.0.0.1:3478"))));
        WsTestClient client = client(server);

        long before = Instant.now().getEpochSecond();
        Welcome welcome = client.join(room());
        long after = Instant.now().getEpochSecond();

        assertThat(welcome.iceServers()).hasSize(2);
        assertThat(welcome.iceServers().get(0)).isEqualTo(IceServer.stun("stun:127.0.0.1:3478"));
        IceServer turn = welcome.iceServers().get(1);
        assertThat(turn.urls()).containsExactly("turn:127.0.0.1:3478", "turn:127.0.0.1:3478?transport=tcp");
        String[] parts = turn.username().split(":", 2);
        assertThat(parts[1]).isEqualTo(welcome.self());
        assertThat(Long.parseLong(parts[0])).isBetween(before + 3600, after + 3600);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("turn-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(turn.username().getBytes(StandardCharsets.UTF_8)));
        assertThat(turn.credential()).isEqualTo(expected);
    }

    @Test
    void healthzAnswers() throws Exception {
        HttpResponse<String> response = get(shared.httpUri().resolve("/healthz"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body()).contains("\"status\":\"ok\"");
    }

    @Test
    void servesStaticFilesFromADirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<h1>callwire</h1>");
        SignalingServer server = server(SignalingServer.builder().port(0).staticDir(dir));

        HttpResponse<String> index = get(server.httpUri());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("<h1>callwire</h1>");
        assertThat(get(server.httpUri().resolve("/index.html")).body()).isEqualTo("<h1>callwire</h1>");
        assertThat(get(server.httpUri().resolve("/nothing-here.js")).statusCode()).isEqualTo(404);
        HttpResponse<String> traversal = get(URI.create(server.httpUri() + "..%2f..%2fetc%2fpasswd"));
        assertThat(traversal.statusCode()).isBetween(400, 499);
        // The same port still speaks WebSocket and health.
        WsTestClient client = client(server);
        assertThat(client.join(room()).self()).isNotBlank();
        assertThat(get(server.httpUri().resolve("/healthz")).statusCode()).isEqualTo(200);
    }

    @Test
    void aNewServerCanTakeOverTheSamePort() {
        SignalingServer first = SignalingServer.builder().port(0).build();
        first.start();
        int port = first.port();
        WsTestClient client = client(first);
        client.join(room());

        first.close();
        first.close(); // idempotent

        assertThat(client.closed()).succeedsWithin(WsTestClient.TIMEOUT);
        SignalingServer second = server(SignalingServer.builder().port(port));
        assertThat(second.port()).isEqualTo(port);
        WsTestClient again = client(second);
        assertThat(again.join(room()).self()).isNotBlank();
    }

    @Test
    void manyPeersInOneRoomAllSeeEachOther() {
        String room = room();
        List<WsTestClient> clients = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        AtomicInteger joined = new AtomicInteger();
        for (int i = 0; i < 6; i++) {
            WsTestClient client = client(shared);
            Welcome welcome = client.join(room);
            assertThat(welcome.peers()).extracting(PeerInfo::id).containsExactlyElementsOf(ids);
            for (WsTestClient earlier : clients) {
                assertThat(earlier.next(PeerJoined.class).peerId()).isEqualTo(welcome.self());
            }
            clients.add(client);
            ids.add(welcome.self());
            joined.incrementAndGet();
        }
        assertThat(joined).hasValue(6);
    }

    static String healthz(SignalingServer server) throws Exception {
        return get(server.httpUri().resolve("/healthz")).body();
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(WsTestClient.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
