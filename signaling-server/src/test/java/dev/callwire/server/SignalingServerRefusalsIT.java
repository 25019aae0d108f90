package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server over raw WebSocket: every refusal of the protocol, each answered with the right error and harming nobody. */
class SignalingServerRefusalsIT extends SharedServerFixture {

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

}
