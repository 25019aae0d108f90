package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.EndReason;
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
import dev.callwire.testing.ServerClients;
import dev.callwire.testing.TestClients;
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

    private void attach(String viewer, CallSession call) {
        FrameProbe probe = new FrameProbe();
        probes.put(viewer + " sees " + call.peer().displayName(), probe);
        call.remoteVideo().addRenderer(probe);
    }
}
