package dev.callwire.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.ConnectionState;
import dev.callwire.EndReason;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.MosquittoBroker;
import dev.callwire.testing.ServerClients;
import dev.callwire.testing.TestClients;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attacks of issue 16, made by a plain Paho client on the same broker as a real call between two SDK
 * clients: on a broker configured exactly as {@code docs/transports.md} says (password file + ACLs), and on an
 * open broker with a room key. Each attack must be refused by the broker or dropped by the SDK, and the call
 * must go on.
 */
class MqttSecurityIT {

    private static final String ROOM = "lobby";
    private static final String PRESENCE = "webrtc/" + ROOM + "/presence/";
    private static final String PEERS = "webrtc/" + ROOM + "/peers/";
    private static final Map<String, String> USERS = Map.of("alice", "alice-pw", "bob", "bob-pw",
            "mallory", "mallory-pw", "carol", "carol-pw");

    /** A fenced block of docs/transports.md that follows {@code <!-- marker -->}, as lines. */
    static List<String> docBlock(String marker) {
        String doc;
        try {
            doc = Files.readString(Path.of("..", "docs", "transports.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("docs/transports.md is where the tested mosquitto configuration lives", e);
        }
        int at = doc.indexOf("<!-- " + marker + " -->");
        assertThat(at).as("marker " + marker + " in docs/transports.md").isNotNegative();
        int open = doc.indexOf("```\n", at) + 4;
        int close = doc.indexOf("```", open);
        return Arrays.stream(doc.substring(open, close).split("\n")).toList();
    }

    private static String offer(String from, String to, String call) {
        return "{\"v\":1,\"type\":\"offer\",\"room\":\"" + ROOM + "\",\"from\":\"" + from + "\",\"to\":\"" + to
                + "\",\"call\":\"" + call + "\",\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\n\"}";
    }

    private static String presence(String id, String name) {
        return "{\"v\":1,\"type\":\"peer-joined\",\"room\":\"" + ROOM + "\",\"peer\":{\"id\":\"" + id
                + "\",\"name\":\"" + name + "\"}}";
    }

    /** Alice calls Bob, who accepts; both decode moving video. */
    record Call(Room aliceRoom, Room bobRoom, CallRecorder aliceEvents, CallRecorder bobEvents, CallSession outgoing,
                CallSession incoming, FrameProbe aliceSees, FrameProbe bobSees, RecordingMqttProvider aliceWire,
                RecordingMqttProvider bobWire) {

        void keepsGoing() throws Exception {
            assertThat(outgoing.state()).isEqualTo(CallState.CONNECTED);
            assertThat(incoming.state()).isEqualTo(CallState.CONNECTED);
            assertThat(bobEvents.incoming).as("bob was offered only alice's real call").hasSize(1);
            assertThat(aliceEvents.incoming).isEmpty();
            assertThat(aliceEvents.left).isEmpty();
            assertThat(bobEvents.left).isEmpty();
            assertThat(aliceWire.states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
            assertThat(bobWire.states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
            assertThat(bobRoom.peers()).as("alice under her own name, no ghost").contains(new Peer("alice", "alice"))
                    .noneMatch(p -> p.id().equals("ghost"));
            long frames = aliceSees.frames();
            await().atMost(Duration.ofSeconds(10)).until(() -> aliceSees.frames() > frames + 15);
            // Signaling still works both ways: a hang-up reaches the other side.
            outgoing.hangUp();
            assertThat(incoming.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        }
    }

    static Call call(ServerClients clients, URI aliceUri, URI bobUri, UnaryOperator<MqttTransportConfig.Builder> alice,
                     UnaryOperator<MqttTransportConfig.Builder> bob) throws Exception {
        RecordingMqttProvider aliceWire = new RecordingMqttProvider(alice);
        RecordingMqttProvider bobWire = new RecordingMqttProvider(bob);
        CallClient a = clients.client("alice", aliceUri, c -> c.transportPlugin(aliceWire));
        CallClient b = clients.client("bob", bobUri, c -> c.transportPlugin(bobWire));
        CallRecorder aliceEvents = CallRecorder.passive();
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(a, ROOM, aliceEvents);
        Room bobRoom = TestClients.join(b, ROOM, bobEvents);
        assertThat(bobRoom.peers()).extracting(Peer::id).containsExactly("alice");
        // Bob's join reaches Alice's room view on her engine thread a moment after Bob's own join completes.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> aliceRoom.peers().stream().anyMatch(peer -> peer.id().equals("bob")));
        FrameProbe aliceSees = new FrameProbe();
        FrameProbe bobSees = new FrameProbe();
        CallSession outgoing = TestClients.call(aliceRoom, "bob");
        outgoing.remoteVideo().addRenderer(aliceSees);
        await().atMost(Duration.ofSeconds(10)).until(() -> bobEvents.incoming.size() == 1);
        CallSession incoming = bobEvents.incoming.get(0);
        incoming.remoteVideo().addRenderer(bobSees);
        incoming.accept();
        outgoing.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        incoming.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> aliceSees.changedFrames() > 10 && bobSees.changedFrames() > 10);
        return new Call(aliceRoom, bobRoom, aliceEvents, bobEvents, outgoing, incoming, aliceSees, bobSees, aliceWire,
                bobWire);
    }

    /** Mode 1: the broker authenticates every peer and applies the ACLs of the docs. */
    @Nested
    class BrokerWithTheDocumentedAcls {

        @RegisterExtension
        final MosquittoBroker broker = MosquittoBroker.secured(USERS, String.join("\n", docBlock("mosquitto-acl")) + "\n",
                docBlock("mosquitto-identity").stream()
                        .map(l -> l.replace("/etc/mosquitto/callwire.passwd", MosquittoBroker.PASSWORD_FILE)
                                .replace("/etc/mosquitto/callwire.acl", MosquittoBroker.ACL_FILE))
                        .toList());

        private final ServerClients clients = new ServerClients();

        @AfterEach
        void tearDown() {
            clients.close();
        }

        private UnaryOperator<MqttTransportConfig.Builder> login(String user) {
            return m -> m.peerId(user).username(user).password(USERS.get(user).toCharArray());
        }

        @Test
        void forgeriesAreRefusedByTheBrokerOrDroppedByTheSdkWhileTheCallGoesOn() throws Exception {
            Call call = call(clients, broker.uri(""), broker.uri(""), login("alice"), login("bob"));
            String aliceClientId = call.aliceWire().transport.clientId();

            try (RawMqtt carol = new RawMqtt(broker.serverUri(), "carol", "carol", USERS.get("carol"));
                 RawMqtt mallory = new RawMqtt(broker.serverUri(), aliceClientId, "mallory", USERS.get("mallory"))) {
                // A member listening to everything reads nobody's signaling but presence.
                carol.subscribe("webrtc/#");

                // 1. A forged from under mallory's own sender topic: the broker lets it through, the SDK drops it.
                mallory.publish(PEERS + "bob/mallory", offer("alice", "bob", "forged-1"), false);
                await().atMost(Duration.ofSeconds(5)).until(() -> call.bobWire().dropped() == 1);
                // 2. Under alice's name in the topic: the broker refuses (mallory may write only .../%u).
                mallory.publish(PEERS + "bob/alice", offer("alice", "bob", "forged-2"), false);
                // 3. Overwriting and clearing alice's presence, planting a ghost: refused by the broker.
                mallory.publish(PRESENCE + "alice", presence("alice", "Mallory"), true);
                mallory.publish(PRESENCE + "alice", new byte[0], true);
                mallory.publish(PRESENCE + "ghost", presence("ghost", "Ghost"), true);
                // Mallory's own presence is hers to publish: once bob sees it, he has seen all she sent before.
                mallory.publish(PRESENCE + "mallory", presence("mallory", "Mallory"), true);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> call.bobEvents().joined.stream().anyMatch(p -> p.id().equals("mallory")));
                assertThat(call.bobWire().dropped()).as("only the forgery the broker let through").isEqualTo(1);
                assertThat(call.bobEvents().joined).extracting(Peer::id).containsExactly("mallory");

                // 4. Mallory connected with alice's very client id, yet alice was not pushed off: the broker
                // replaced it by mallory's user name. A fresh reader still sees alice's own presence.
                assertThat(mallory.isConnected()).isTrue();
                try (RawMqtt reader = new RawMqtt(broker.serverUri(), "any", "carol", USERS.get("carol"))) {
                    // carol's first connection is pushed off by this one (one connection per user): also the rule.
                    reader.subscribe(PRESENCE + "+");
                    await().atMost(Duration.ofSeconds(5)).until(() -> reader.last.containsKey(PRESENCE + "alice"));
                    assertThat(reader.last.get(PRESENCE + "alice")).isEqualTo(presence("alice", "alice"));
                    assertThat(reader.last).doesNotContainKey(PRESENCE + "ghost");
                }
                assertThat(carol.received).as("carol read presence only, never an offer, answer or candidate")
                        .isNotEmpty().allMatch(m -> m.startsWith(PRESENCE));

                call.keepsGoing();
                mallory.publish(PRESENCE + "mallory", new byte[0], true);
            }
        }
    }

    /** Mode 2: an open broker, every SDK client configured with the same room key. */
    @Nested
    class OpenBrokerWithARoomKey {

        @RegisterExtension
        final MosquittoBroker broker = new MosquittoBroker();

        private final ServerClients clients = new ServerClients();
        private final byte[] key = "the room key of the lobby, 32+ b".getBytes(StandardCharsets.UTF_8);

        @AfterEach
        void tearDown() {
            clients.close();
        }

        @Test
        void forgeriesWithoutTheKeyAreDroppedAndAClearedPresenceHealsWhileTheCallGoesOn() throws Exception {
            Call call = call(clients, broker.uri("?peerId=alice"), broker.uri("?peerId=bob"), m -> m.roomKey(key),
                    m -> m.roomKey(key));

            try (RawMqtt observer = new RawMqtt(broker.serverUri(), "observer");
                 RawMqtt mallory = new RawMqtt(broker.serverUri(), "callwire-alice")) { // the v1 client id of alice
                observer.subscribe(PRESENCE + "alice");
                // 1. Forged from, even with topic and from agreeing; 2. under a third name; 3. presence
                // overwrite and a ghost: all unsigned, all dropped.
                mallory.publish(PEERS + "bob/alice", offer("alice", "bob", "forged-1"), false);
                mallory.publish(PEERS + "bob/mallory", offer("alice", "bob", "forged-2"), false);
                mallory.publish(PEERS + "bob/carol", offer("carol", "bob", "forged-3"), false);
                mallory.publish(PRESENCE + "alice", presence("alice", "Mallory"), true);
                mallory.publish(PRESENCE + "ghost", presence("ghost", "Ghost"), true);
                mallory.publish(PRESENCE + "ghost", "x".repeat(200_000), true); // oversized: skipped unread
                await().atMost(Duration.ofSeconds(5)).until(() -> call.bobWire().dropped() == 6);

                // 4. Clearing alice's presence (an empty payload cannot carry a mac): alice republishes at once,
                // well within bob's leave grace, so bob never reports her gone.
                int seen = observer.received.size();
                mallory.publish(PRESENCE + "alice", new byte[0], true);
                await().atMost(Duration.ofSeconds(5)).until(() -> observer.received.size() >= seen + 2
                        && observer.last.get(PRESENCE + "alice").contains("\"mac\""));
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                        .until(() -> call.bobEvents().left.isEmpty());

                // 5. Mallory holds alice's old, derivable client id; alice's real one is random: she stayed on.
                assertThat(mallory.isConnected()).isTrue();
                assertThat(call.aliceWire().transport.clientId()).startsWith("callwire-alice-")
                        .isNotEqualTo("callwire-alice");
                assertThat(call.bobRoom().peers()).extracting(Peer::displayName).containsExactly("alice");

                call.keepsGoing();
                mallory.publish(PRESENCE + "ghost", new byte[0], true);
                mallory.publish(PRESENCE + "alice", new byte[0], false);
            }
        }
    }
}
