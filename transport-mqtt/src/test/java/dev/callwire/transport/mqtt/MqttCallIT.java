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
import dev.callwire.TransportOptions;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.MosquittoBroker;
import dev.callwire.testing.ServerClients;
import dev.callwire.testing.TestClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real libwebrtc calls signaled through a real Mosquitto broker. */
class MqttCallIT {

    private static final String ROOM = "lobby";

    @RegisterExtension
    final MosquittoBroker broker = new MosquittoBroker();

    /** The reconnection these tests were tuned with: first retry after 200 ms, then at most 1 s apart. */
    private static final TransportOptions RECONNECT = TransportOptions.builder()
            .reconnectDelays(Duration.ofMillis(200), Duration.ofSeconds(1))
            .build();

    private final ServerClients clients = new ServerClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private CallClient client(URI signaling, String name) {
        return clients.client(name, signaling, b -> b.transportOptions(RECONNECT));
    }

    /** Alice calls Bob, who accepts; both decode moving video. */
    private record Call(Room aliceRoom, Room bobRoom, CallRecorder aliceEvents, CallRecorder bobEvents,
                        CallSession outgoing, CallSession incoming, FrameProbe aliceSees, FrameProbe bobSees) {
    }

    private Call connectedCall(URI aliceUri, URI bobUri) throws Exception {
        CallClient alice = client(aliceUri, "alice");
        CallClient bob = client(bobUri, "bob");
        CallRecorder aliceEvents = CallRecorder.passive();
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, ROOM, aliceEvents);
        Room bobRoom = TestClients.join(bob, ROOM, bobEvents);
        assertThat(bobRoom.peers()).as("bob's welcome lists alice").extracting(Peer::id).containsExactly(aliceRoom.selfId());
        assertThat(bobRoom.peers().get(0).displayName()).isEqualTo("alice");
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceRoom.peers().size() == 1);
        assertThat(aliceRoom.peers().get(0)).isEqualTo(new Peer(bobRoom.selfId(), "bob"));

        FrameProbe aliceSees = new FrameProbe();
        FrameProbe bobSees = new FrameProbe();
        CallSession outgoing = TestClients.call(aliceRoom, bobRoom.selfId());
        outgoing.remoteVideo().addRenderer(aliceSees);
        await().atMost(Duration.ofSeconds(10)).until(() -> bobEvents.incoming.size() == 1);
        CallSession incoming = bobEvents.incoming.get(0);
        assertThat(incoming.id()).isEqualTo(outgoing.id());
        assertThat(incoming.peer().id()).isEqualTo(aliceRoom.selfId());
        incoming.remoteVideo().addRenderer(bobSees);
        incoming.accept();
        outgoing.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        incoming.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(aliceSees.changedFrames()).as("alice decodes bob's moving video").isGreaterThan(10);
            assertThat(bobSees.changedFrames()).as("bob decodes alice's moving video").isGreaterThan(10);
        });
        return new Call(aliceRoom, bobRoom, aliceEvents, bobEvents, outgoing, incoming, aliceSees, bobSees);
    }

    private static void hangUpEndsBoth(Call call) throws Exception {
        call.outgoing().hangUp();
        assertThat(call.outgoing().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(call.incoming().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
    }

    @Test
    void twoClientsCallEachOtherAndDecodeVideoOfTheConfiguredSize() throws Exception {
        try (RawMqtt observer = new RawMqtt(broker.serverUri(), "observer")) {
            observer.subscribe("#");
            Call call = connectedCall(broker.uri(""), broker.uri(""));

            assertThat(call.aliceSees().width()).isEqualTo(TestClients.WIDTH);
            assertThat(call.aliceSees().height()).isEqualTo(TestClients.HEIGHT);
            assertThat(call.bobSees().width()).isEqualTo(TestClients.WIDTH);
            assertThat(call.bobSees().height()).isEqualTo(TestClients.HEIGHT);
            assertThat(call.aliceRoom().connectionState()).isEqualTo(ConnectionState.CONNECTED);

            String alicePresence = "webrtc/" + ROOM + "/presence/" + call.aliceRoom().selfId();
            assertThat(observer.last.get(alicePresence)).as("alice's retained presence, as the protocol writes it")
                    .contains("\"type\":\"peer-joined\"").contains("\"name\":\"alice\"")
                    .contains("\"id\":\"" + call.aliceRoom().selfId() + "\"");
            assertThat(observer.received).as("offer, answer and candidates travel through bob's inbox")
                    .anyMatch(m -> m.startsWith("webrtc/" + ROOM + "/peers/" + call.bobRoom().selfId() + "/"
                            + call.aliceRoom().selfId() + " ")
                            && m.contains("\"type\":\"offer\"") && m.contains("\"from\":\"" + call.aliceRoom().selfId()));

            hangUpEndsBoth(call);
            await().atMost(Duration.ofSeconds(5)).until(() -> call.aliceRoom().calls().isEmpty());

            call.bobRoom().leave().toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> call.aliceEvents().left.size() == 1);
            assertThat(call.aliceEvents().left.get(0).id()).isEqualTo(call.bobRoom().selfId());
            String bobPresence = "webrtc/" + ROOM + "/presence/" + call.bobRoom().selfId();
            await().atMost(Duration.ofSeconds(5)).until(() -> "".equals(observer.last.get(bobPresence)));
            assertThat(observer.received).as("nothing is published outside the room's topics")
                    .allMatch(m -> m.startsWith("webrtc/" + ROOM + "/"));
        }
    }

    @Test
    void threeClientsInAMeshAllPairsConnectAndDecode() throws Exception {
        List<Room> rooms = new ArrayList<>();
        for (String name : List.of("ann", "ben", "cat")) {
            CallClient client = client(broker.uri("/mesh-test"), name);
            Room room = TestClients.join(client, ROOM, CallRecorder.accepting());
            assertThat(room.peers()).as(name + "'s welcome lists everyone already there").hasSize(rooms.size());
            TestClients.await(room.callEveryone());
            rooms.add(room);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (Room room : rooms) {
                assertThat(room.calls()).as(room.selfId() + "'s calls").hasSize(2)
                        .allMatch(c -> c.state() == CallState.CONNECTED);
            }
        });
        List<FrameProbe> probes = new ArrayList<>();
        for (Room room : rooms) {
            List<String> callees = new ArrayList<>();
            for (CallSession call : room.calls()) {
                FrameProbe probe = new FrameProbe();
                call.remoteVideo().addRenderer(probe);
                probes.add(probe);
                callees.add(call.peer().id());
            }
            assertThat(callees).as("each client is in a call with both others")
                    .containsExactlyInAnyOrderElementsOf(rooms.stream().map(Room::selfId)
                            .filter(id -> !id.equals(room.selfId())).toList());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(probes)
                .allSatisfy(p -> {
                    assertThat(p.changedFrames()).as("moving video decoded: " + p).isGreaterThan(5);
                    assertThat(p.width()).isEqualTo(TestClients.WIDTH);
                    assertThat(p.height()).isEqualTo(TestClients.HEIGHT);
                }));
    }

    @Test
    void aPeerWhoseConnectionIsCutIsReportedLeftThroughTheLastWill() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            Call call = connectedCall(broker.uri(""), URI.create("mqtt://127.0.0.1:" + proxy.port()));

            proxy.cut(); // bob's network is gone: no DISCONNECT, no goodbye, no reconnect possible

            await().atMost(Duration.ofSeconds(10)).until(() -> call.aliceEvents().left.size() == 1);
            assertThat(call.aliceEvents().left.get(0).id()).isEqualTo(call.bobRoom().selfId());
            assertThat(call.aliceRoom().peers()).isEmpty();
            assertThat(call.aliceRoom().connectionState()).isEqualTo(ConnectionState.CONNECTED);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> call.bobRoom().connectionState() == ConnectionState.RECONNECTING);
            // Bob's media still flows, so the engine keeps the call for its peer-left grace (15 s) before ending it.
            assertThat(call.outgoing().ended().toCompletableFuture().get(25, TimeUnit.SECONDS)).isEqualTo(EndReason.PEER_LEFT);
        }
    }

    @Test
    void brokerRestartDuringACallKeepsMediaAndClientsReconnectAndCanHangUp() throws Exception {
        Call call = connectedCall(broker.uri(""), broker.uri(""));

        broker.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> call.aliceRoom().connectionState() == ConnectionState.RECONNECTING
                && call.bobRoom().connectionState() == ConnectionState.RECONNECTING);
        long aliceFrames = call.aliceSees().frames();
        long bobFrames = call.bobSees().frames();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(call.aliceSees().frames()).as("media flows while signaling is down").isGreaterThan(aliceFrames + 15);
            assertThat(call.bobSees().frames()).isGreaterThan(bobFrames + 15);
        });

        broker.start();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(call.aliceRoom().connectionState()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(call.bobRoom().connectionState()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(call.aliceRoom().peers()).extracting(Peer::id).containsExactly(call.bobRoom().selfId());
            assertThat(call.bobRoom().peers()).extracting(Peer::id).containsExactly(call.aliceRoom().selfId());
        });
        assertThat(call.outgoing().state()).isEqualTo(CallState.CONNECTED);
        assertThat(call.incoming().state()).isEqualTo(CallState.CONNECTED);
        long afterRestart = call.aliceSees().frames();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> call.aliceSees().frames() > afterRestart + 15 && call.bobSees().changedFrames() > bobFrames);

        hangUpEndsBoth(call);
    }

    @Test
    void malformedPayloadsOnRoomTopicsAreDroppedAndTheCallStaysUp() throws Exception {
        Call call = connectedCall(broker.uri(""), broker.uri(""));
        String alice = call.aliceRoom().selfId();
        String presence = "webrtc/" + ROOM + "/presence/";
        String aliceInbox = "webrtc/" + ROOM + "/peers/" + alice + "/mallory";
        try (RawMqtt mallory = new RawMqtt(broker.serverUri(), "mallory")) {
            mallory.publish(presence + "mallory", "not json", true);
            mallory.publish(presence + "mallory", "{\"v\":1,\"type\":\"peer-joined\",\"room\":\"" + ROOM
                    + "\",\"peer\":{\"id\":\"eve\"}}", false); // claims another id than its topic's
            mallory.publish(presence + "mallory", "{\"v\":1,\"type\":\"peer-joined\",\"room\":\"elsewhere\","
                    + "\"peer\":{\"id\":\"mallory\"}}", false); // another room
            mallory.publish(presence + "mallory", "{\"v\":1,\"type\":\"peer-left\",\"room\":\"" + ROOM
                    + "\",\"peer\":{\"id\":\"" + call.bobRoom().selfId() + "\"}}", false); // wrong type
            mallory.publish(presence + "mallory", "{\"v\":2,\"type\":\"peer-joined\",\"room\":\"" + ROOM
                    + "\",\"peer\":{\"id\":\"mallory\"}}", false); // wrong version
            mallory.publish(presence + "mallory", new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b}, false);
            mallory.publish(aliceInbox, "{\"v\":1,\"type\":\"bye\"", false); // truncated JSON
            mallory.publish(aliceInbox, "{\"v\":1,\"type\":\"bye\",\"room\":\"" + ROOM + "\",\"to\":\"" + alice
                    + "\",\"call\":\"" + call.outgoing().id() + "\"}", false); // no sender
            mallory.publish(aliceInbox, "{\"v\":1,\"type\":\"bye\",\"room\":\"" + ROOM + "\",\"from\":\"x y\",\"to\":\""
                    + alice + "\",\"call\":\"" + call.outgoing().id() + "\"}", false); // invalid sender id
            mallory.publish(aliceInbox, "{\"v\":1,\"type\":\"bye\",\"room\":\"" + ROOM + "\",\"from\":\""
                    + call.bobRoom().selfId() + "\",\"to\":\"someone-else\",\"call\":\"" + call.outgoing().id()
                    + "\"}", false); // addressed to another peer
            mallory.publish(aliceInbox, "{\"v\":1,\"type\":\"welcome\",\"room\":\"" + ROOM
                    + "\",\"self\":\"mallory\",\"peers\":[]}", false); // server-only type
            mallory.publish(aliceInbox, "x".repeat(70_000), false); // too large
            mallory.publish(aliceInbox, new byte[0], false);
            // A well-formed newcomer after the junk: once alice sees it, she has seen everything before it.
            mallory.publish(presence + "late-peer", "{\"v\":1,\"type\":\"peer-joined\",\"room\":\"" + ROOM
                    + "\",\"peer\":{\"id\":\"late-peer\",\"name\":\"Late\"}}", true);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> call.aliceEvents().joined.stream().anyMatch(p -> p.id().equals("late-peer")));
            assertThat(call.aliceRoom().peers()).extracting(Peer::id)
                    .containsExactly(call.bobRoom().selfId(), "late-peer");
            assertThat(call.aliceEvents().left).isEmpty();
            assertThat(call.outgoing().state()).isEqualTo(CallState.CONNECTED);
            assertThat(call.incoming().state()).isEqualTo(CallState.CONNECTED);
            long frames = call.aliceSees().frames();
            await().atMost(Duration.ofSeconds(10)).until(() -> call.aliceSees().frames() > frames + 15);

            mallory.publish(presence + "late-peer", new byte[0], true);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> call.aliceEvents().left.stream().anyMatch(p -> p.id().equals("late-peer")));
            mallory.publish(presence + "mallory", new byte[0], true);
        }
        assertThat(call.aliceEvents().errors).isEmpty();
        hangUpEndsBoth(call);
    }
}
