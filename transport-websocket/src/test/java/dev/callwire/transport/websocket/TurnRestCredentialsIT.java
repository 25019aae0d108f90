package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.IceOptions;
import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallStats;
import dev.callwire.IceTransportPolicy;
import dev.callwire.Room;
import dev.callwire.server.SignalingServer;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.CoturnServer;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.ServerClients;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: the real signaling server, configured with coturn's shared secret, hands each peer
 * time-limited TURN credentials in {@code welcome}; relay-only clients with no ICE server of their own
 * connect through a real coturn that checks those credentials.
 */
class TurnRestCredentialsIT {

    private static final String SECRET = "shared-with-coturn";

    private final ServerClients clients = new ServerClients();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        clients.close();
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void relayOnlyCallUsesTheCredentialsTheServerHandsOut() throws Exception {
        CoturnServer turn = track(CoturnServer.withRestSecret(SECRET));
        SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(0)
                .turnSecret(SECRET).allowAnonymousTurn(true) // the test joins without tokens
                .turnUrls(List.of(turn.turnUrl())).turnTtl(Duration.ofMinutes(10)).build();
        server.start();
        track(server::close);

        Room aliceRoom = TestClients.join(client("alice", server), "rest-turn", CallRecorder.passive());
        CallRecorder bobEvents = CallRecorder.accepting();
        Room bobRoom = TestClients.joinAndMeet(client("bob", server), aliceRoom, bobEvents);

        CallSession call = TestClients.call(aliceRoom, bobRoom.selfId());
        FrameProbe aliceSees = new FrameProbe();
        call.remoteVideo().addRenderer(aliceSees);
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(15)).until(() -> aliceSees.changedFrames() > 10);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(call.stats().toCompletableFuture().get(5, TimeUnit.SECONDS).candidateType()).isEqualTo(CallStats.CandidateType.RELAY);
            assertThat(bobEvents.incoming.get(0).stats().toCompletableFuture().get(5, TimeUnit.SECONDS).candidateType())
                    .isEqualTo(CallStats.CandidateType.RELAY);
        });
    }

    private CallClient client(String name, SignalingServer server) {
        // Relay only, and no ICE server configured: everything comes from welcome.
        return clients.client(name, server.webSocketUri(), b -> b.ice(IceOptions.builder().transportPolicy(IceTransportPolicy.RELAY).build()));
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }
}
