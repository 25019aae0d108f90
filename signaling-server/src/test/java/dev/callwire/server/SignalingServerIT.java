package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.IceServer;
import dev.callwire.protocol.Answer;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server over raw WebSocket: rooms, relay, and every refusal of the protocol. */
class SignalingServerIT {

    private static SignalingServer shared;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startShared() {
        shared = SignalingServer.builder().port(0).build();
        shared.start();
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private WsTestClient client(SignalingServer server) {
        WsTestClient client = WsTestClient.connect(server);
        toClose.add(client);
        return client;
    }

    private SignalingServer server(SignalingServer.Builder builder) {
        SignalingServer server = builder.build();
        toClose.add(server);
        server.start();
        return server;
    }

    private static String room() {
        return "room-" + UUID.randomUUID();
    }

    private static String call() {
        return UUID.randomUUID().toString();
    }

    /**
     * Proves nothing else is queued for {@code client}: the server answers this probe after having
     * handled everything that happened before, so any stray message would arrive first.
     */
    private static void assertNothingElseReceived(WsTestClient client) {
        client.send(new Leave("probe-room-nobody-joins"));
        ErrorMessage probe = client.next(ErrorMessage.class);
        assertThat(probe.code()).isEqualTo(ProtocolError.NOT_JOINED);
        assertThat(probe.ref()).isEqualTo("leave");
    }

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

    static List<Arguments> malformed() {
        String big = "x".repeat(70 * 1024);
        String valid = "\"v\":1,\"type\":\"offer\",\"room\":\"%s\",\"to\":\"%s\",\"call\":\"c1\",\"sdp\":\"s\"";
        return List.of(
                Arguments.of("not JSON", "{nope", ProtocolError.BAD_MESSAGE),
                Arguments.of("JSON but not an object", "[1,2]", ProtocolError.BAD_MESSAGE),
                Arguments.of("no version", "{\"type\":\"join\",\"room\":\"%s\"}", ProtocolError.BAD_MESSAGE),
                Arguments.of("wrong version", "{\"v\":2,\"type\":\"join\",\"room\":\"%s\"}", ProtocolError.BAD_MESSAGE),
                Arguments.of("unknown type", "{\"v\":1,\"type\":\"hello\",\"room\":\"%s\"}", ProtocolError.BAD_MESSAGE),
                Arguments.of("bad room name", "{\"v\":1,\"type\":\"join\",\"room\":\"a room/with ../junk\"}", ProtocolError.BAD_MESSAGE),
                Arguments.of("too long room name", "{\"v\":1,\"type\":\"join\",\"room\":\"" + "r".repeat(65) + "\"}", ProtocolError.BAD_MESSAGE),
                Arguments.of("bad peer id in to", "{" + valid.replace("\"to\":\"%s\"", "\"to\":\"bad id!\"") + "}", ProtocolError.BAD_MESSAGE),
                Arguments.of("offer without sdp", "{\"v\":1,\"type\":\"offer\",\"room\":\"%s\",\"to\":\"%s\",\"call\":\"c1\"}", ProtocolError.BAD_MESSAGE),
                Arguments.of("server-only type", "{\"v\":1,\"type\":\"peer-left\",\"room\":\"%s\",\"peer\":{\"id\":\"%s\"}}", ProtocolError.BAD_MESSAGE),
                Arguments.of("display name too long", "{\"v\":1,\"type\":\"join\",\"room\":\"%s\",\"name\":\"" + "n".repeat(65) + "\"}", ProtocolError.BAD_MESSAGE),
                Arguments.of("over 64 KiB", "{" + valid.replace("\"sdp\":\"s\"", "\"sdp\":\"" + big + "\"") + "}", ProtocolError.TOO_LARGE),
                Arguments.of("over 64 KiB of junk", big, ProtocolError.TOO_LARGE),
                Arguments.of("to a peer that does not exist", "{" + valid.replace("\"to\":\"%s\"", "\"to\":\"nobody\"") + "}", ProtocolError.UNKNOWN_PEER),
                Arguments.of("leave of another room", "{\"v\":1,\"type\":\"leave\",\"room\":\"elsewhere\"}", ProtocolError.NOT_JOINED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusedMessageIsAnsweredAndHarmsNobody(String description, String template, ProtocolError expected) {
        String room = room();
        String otherRoom = room();
        WsTestClient sender = client(shared);
        WsTestClient peer = client(shared);
        WsTestClient bystander = client(shared);
        String senderId = sender.join(room).self();
        String peerId = peer.join(room).self();
        sender.next(PeerJoined.class);
        bystander.join(otherRoom);

        sender.sendText(template.replaceFirst("%s", room).replace("%s", peerId));

        ErrorMessage error = sender.nextError(expected);
        assertThat(error.message()).isNotBlank();
        // The connection stays usable, and the room is intact.
        String callId = call();
        sender.send(new Offer(room, null, peerId, callId, "v=0 after " + description));
        assertThat(peer.next(Offer.class)).isEqualTo(new Offer(room, senderId, peerId, callId, "v=0 after " + description));
        assertNothingElseReceived(peer);
        assertNothingElseReceived(bystander);
        assertThat(sender.closed()).isNotDone();
    }

    @Test
    void binaryFrameIsRefused() {
        WsTestClient client = client(shared);
        client.join(room());

        client.sendBinary(new byte[] {1, 2, 3});

        client.nextError(ProtocolError.BAD_MESSAGE);
        assertNothingElseReceived(client);
    }

    @Test
    void messagesBeforeJoinAreRefused() {
        WsTestClient stranger = client(shared);
        WsTestClient member = client(shared);
        String room = room();
        String memberId = member.join(room).self();

        stranger.send(new Offer(room, null, memberId, call(), "v=0"));
        assertThat(stranger.nextError(ProtocolError.NOT_JOINED).ref()).isEqualTo("offer");
        stranger.send(new Leave(room));
        stranger.nextError(ProtocolError.NOT_JOINED);
        assertNothingElseReceived(member);
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
    void floodIsRateLimitedPerConnection() {
        SignalingServer server = server(SignalingServer.builder().port(0).rateLimit(5, 5));
        String room = room();
        WsTestClient flooder = client(server);
        WsTestClient peer = client(server);
        WsTestClient calm = client(server);
        flooder.join(room);
        String peerId = peer.join(room).self();
        flooder.next(PeerJoined.class);
        calm.join(room);
        flooder.next(PeerJoined.class);
        peer.next(PeerJoined.class);

        int sent = 100;
        String callId = call();
        for (int i = 0; i < sent; i++) {
            flooder.send(new Candidate(room, null, peerId, callId, new IceCandidate("candidate:" + i, "0", 0)));
        }
        // Every candidate is either refused (one error to the flooder) or relayed (one to the peer).
        AtomicInteger limited = new AtomicInteger();
        AtomicInteger relayed = new AtomicInteger();
        await().atMost(WsTestClient.TIMEOUT).until(() -> {
            for (Message m = flooder.poll(); m != null; m = flooder.poll()) {
                assertThat(m).isInstanceOfSatisfying(ErrorMessage.class,
                        e -> assertThat(e.code()).isEqualTo(ProtocolError.RATE_LIMITED));
                limited.incrementAndGet();
            }
            for (Message m = peer.poll(); m != null; m = peer.poll()) {
                assertThat(m).isInstanceOfSatisfying(Candidate.class, c -> assertThat(c.callId()).isEqualTo(callId));
                relayed.incrementAndGet();
            }
            return limited.get() + relayed.get() == sent;
        });
        assertThat(limited.get()).as("most of a 100-message burst is refused at 5/s burst 5").isGreaterThanOrEqualTo(50);
        // The join took one token of the burst of 5.
        assertThat(relayed.get()).as("the burst allowance is relayed").isGreaterThanOrEqualTo(4);

        // Another connection on the same server is not limited by the flood.
        String calmCall = call();
        calm.send(new Offer(room, null, peerId, calmCall, "v=0"));
        assertThat(peer.next(Offer.class).callId()).isEqualTo(calmCall);

        // The flooder recovers once tokens refill: a probe is handled (not-joined) instead of dropped.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            flooder.send(new Leave("not-my-room"));
            return flooder.next(ErrorMessage.class).code() == ProtocolError.NOT_JOINED;
        });
    }

    @Test
    void tokensAreRequiredWhenASecretIsSet() {
        Instant now = Instant.now();
        SignalingServer server = server(SignalingServer.builder().port(0).joinSecret("join-secret"));
        String room = room();
        WsTestClient member = client(server);
        WsTestClient intruder = client(server);
        String memberId = member.join(new Join(room, null, JoinTokens.mint("join-secret", room, Duration.ofMinutes(5)))).self();

        List<String> badTokens = new ArrayList<>();
        badTokens.add(null);
        badTokens.add("");
        badTokens.add("garbage");
        badTokens.add("123.!!!");
        badTokens.add(JoinTokens.mint("other-secret", room, Duration.ofMinutes(5)));
        badTokens.add(JoinTokens.mint("join-secret", "other-room", Duration.ofMinutes(5)));
        badTokens.add(JoinTokens.mint("join-secret", room, now.minusSeconds(10)));
        String valid = JoinTokens.mint("join-secret", room, Duration.ofMinutes(5));
        badTokens.add(valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA"));
        for (String token : badTokens) {
            intruder.send(new Join(room, null, token));
            assertThat(intruder.nextError(ProtocolError.UNAUTHORIZED).ref()).isEqualTo("join");
        }
        // No membership was granted: nobody saw the intruder, and it cannot send.
        intruder.send(new Offer(room, null, memberId, call(), "v=0"));
        intruder.nextError(ProtocolError.NOT_JOINED);
        assertNothingElseReceived(member);

        Welcome welcome = intruder.join(new Join(room, null, valid));
        assertThat(member.next(PeerJoined.class).peerId()).isEqualTo(welcome.self());
    }

    @Test
    void fullRoomRefusesJoinsUntilSomeoneLeaves() {
        SignalingServer server = server(SignalingServer.builder().port(0).roomCapacity(2));
        String room = room();
        WsTestClient first = client(server);
        WsTestClient second = client(server);
        WsTestClient third = client(server);
        first.join(room);
        String secondId = second.join(room).self();
        first.next(PeerJoined.class);

        third.send(new Join(room, null, null));
        assertThat(third.nextError(ProtocolError.ROOM_FULL).room()).isEqualTo(room);
        // A member re-joining its own full room is not refused: it does not add a peer.
        assertThat(second.join(room).peers()).hasSize(1);
        assertThat(first.next(PeerLeft.class).peerId()).isEqualTo(secondId);
        first.next(PeerJoined.class);

        second.send(new Leave(room));
        first.next(PeerLeft.class);
        assertThat(third.join(room).peers()).hasSize(1);
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
        WsTestClient client = WsTestClient.connect(first);
        toClose.add(client);
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
