package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallTimeouts;
import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.ConnectionState;
import dev.callwire.EndReason;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import dev.callwire.server.SignalingServer;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.CallRecorderAdapter;
import dev.callwire.testing.EstablishedCall;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.RedisServer;
import dev.callwire.testing.SignalingServerProcess;
import dev.callwire.testing.ServerClients;
import dev.callwire.testing.TestClients;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real libwebrtc calls between Java clients signalling through different instances of one Redis cluster. */
class ClusterCallIT {

    @RegisterExtension
    final RedisServer redis = new RedisServer();

    private final ServerClients calls = new ServerClients();
    private final List<SignalingServer> instances = new ArrayList<>();
    private final Map<String, FrameProbe> probes = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() {
        calls.close();
        instances.forEach(SignalingServer::close);
    }

    private SignalingServer instance() {
        SignalingServer server = SignalingServer.builder().port(0)
                .resumeSecret("cluster-call-resume-secret")
                .cluster(redis.uri("/0"))
                .build();
        instances.add(server);
        server.start();
        return server;
    }

    @Test
    void twoPeersOnDifferentInstancesCallWithMediaAndHangUp() throws Exception {
        SignalingServer a = instance();
        SignalingServer b = instance();
        CallClient alice = calls.client("alice", a.webSocketUri());
        CallClient bob = calls.client("bob", b.webSocketUri());
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "cluster", CallRecorder.passive());
        Room bobRoom = TestClients.join(bob, "cluster", bobEvents);

        EstablishedCall call = EstablishedCall.establish(aliceRoom, bobRoom, bobEvents);
        assertThat(call.incoming().peer().displayName()).isEqualTo("alice");

        call.outgoing().hangUp();
        assertThat(call.incoming().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(bobEvents.errors).isEmpty();
    }

    @Test
    void aThreePeerMeshAcrossThreeInstances() {
        List<Room> rooms = new ArrayList<>();
        List<String> names = List.of("alice", "bob", "carol");
        for (String name : names) {
            SignalingServer own = instance();
            CallClient client = calls.client(name, own.webSocketUri(), b -> b.media(MediaOptions.builder()
                    .video(VideoInput.testPattern()).audio(AudioInput.tone(300 + 100 * rooms.size()))
                    .resolution(160, 120).frameRate(10).build()));
            Room room = TestClients.join(client, "mesh", new CallRecorderAdapter(call -> {
                attach(name, call);
                call.accept();
            }));
            rooms.add(room);
            await().atMost(Duration.ofSeconds(10)).until(() -> room.peers().size() == rooms.size() - 1);
            for (CallSession call : TestClients.await(room.callEveryone())) {
                attach(name, call);
            }
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (Room room : rooms) {
                assertThat(room.calls()).hasSize(2).allMatch(c -> c.state() == CallState.CONNECTED);
            }
            assertThat(probes).hasSize(6);
            probes.forEach((pair, probe) -> {
                assertThat(probe.changedFrames()).as(pair).isGreaterThan(5);
                assertThat(probe.width()).as(pair).isEqualTo(160);
            });
        });
        assertThat(rooms.stream().flatMap(r -> r.calls().stream()).map(CallSession::id).distinct()).hasSize(3);
    }

    @Test
    void aCallerWhoseInstanceIsKilledMovesToAnotherUnderItsIdWhileMediaFlows() throws Exception {
        String secret = "cluster-call-resume-secret";
        SignalingServer b = instance();
        // Default lease (10 s): alice must be back on b well before anyone would announce her gone.
        SignalingServerProcess a = SignalingServerProcess.start(redis.uri("/0"), secret);
        try (a; RedisClient redisClient = RedisClient.create(redis.uri("/0").toString());
             StatefulRedisConnection<String, String> redisConnection = redisClient.connect()) {
            // A generous join timeout: the instance's JVM has just started and may still be slow on a busy machine.
            CallClient alice = calls.client("alice", a.webSocketUri(),
                    c -> c.signalingUris(List.of(a.webSocketUri(), b.webSocketUri())).timeouts(CallTimeouts.defaults().withJoin(Duration.ofSeconds(60))));
            CallClient bob = calls.client("bob", b.webSocketUri());
            CallRecorder aliceEvents = CallRecorder.passive();
            CallRecorder bobEvents = CallRecorder.passive();
            Room aliceRoom;
            try {
                aliceRoom = alice.join("failover", aliceEvents).toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("alice could not join through the instance process; its log:\n" + a.log(), e);
            }
            Room bobRoom = TestClients.join(bob, "failover", bobEvents);
            String aliceId = aliceRoom.selfId();
            EstablishedCall call = EstablishedCall.establish(aliceRoom, bobRoom, bobEvents);

            String heldByA = redisConnection.sync().hget("callwire:room:failover", aliceId);
            assertThat(heldByA).as("alice's membership in Redis").isNotNull();
            a.kill();
            long framesAtKill = call.calleeSees().changedFrames();

            // alice's transport moves to b and re-joins there with her resume key.
            await("alice back through b").atMost(Duration.ofSeconds(15)).until(() ->
                    aliceRoom.connectionState() == ConnectionState.CONNECTED
                            && !heldByA.equals(redisConnection.sync().hget("callwire:room:failover", aliceId)));
            assertThat(aliceRoom.selfId()).isEqualTo(aliceId);
            // The killed instance's lease runs out and b removes it; alice is no longer its peer by then.
            await("the killed instance reaped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> redisConnection.sync().smembers("callwire:instances").size() == 1);
            await("media kept flowing").atMost(Duration.ofSeconds(10))
                    .until(() -> call.calleeSees().changedFrames() > framesAtKill + 10);
            CallClient carol = calls.client("carol", b.webSocketUri());
            Room carolRoom = TestClients.join(carol, "failover", CallRecorder.passive());
            assertThat(carolRoom.peers()).extracting(Peer::id).as("no ghost, no duplicate")
                    .containsExactlyInAnyOrder(aliceId, bobRoom.selfId());
            // Not at the moment the reaping shows in Redis: a wrong peer-left it caused could still be on its way
            // to bob. Carol's join is published after the reaping, and bob's events come in order, so once he has
            // seen her join he has seen any such peer-left.
            await("bob sees carol join").atMost(Duration.ofSeconds(10))
                    .until(() -> bobEvents.joined.stream().anyMatch(p -> p.id().equals(carolRoom.selfId())));
            assertThat(bobEvents.left).as("bob never saw alice leave").isEmpty();
            assertThat(bobRoom.peers()).extracting(Peer::id).containsExactlyInAnyOrder(aliceId, carolRoom.selfId());

            call.outgoing().hangUp();
            assertThat(call.incoming().ended().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isEqualTo(EndReason.HANGUP);
            assertThat(aliceEvents.errors).isEmpty();
        }
    }

    private void attach(String viewer, CallSession call) {
        FrameProbe probe = new FrameProbe();
        probes.put(viewer + " sees " + call.peer().displayName(), probe);
        call.remoteVideo().addRenderer(probe);
    }
}
