package dev.callwire.transport.websocket;

import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.IceOptions;
import dev.callwire.IceTransportPolicy;
import dev.callwire.Room;
import dev.callwire.server.SignalingServer;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.CoturnServer;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.ServerClients;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A relay-only call whose only TURN credentials are the time-limited ones the signaling server hands out in
 * {@code welcome}: a real coturn checks them against the secret it shares with the server, and the clients configure
 * no ICE server of their own. The TURN ITs differ only in the credential lifetime and in what they do to the call.
 */
final class RestTurnRelayCall implements AutoCloseable {

    private static final String SECRET = "shared-with-coturn";

    private final ServerClients clients = new ServerClients();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CallRecorder bobEvents = CallRecorder.accepting();
    private final FrameProbe aliceSees = new FrameProbe();
    private CoturnServer turn;
    private CallSession call;
    private Instant welcomed;

    /**
     * Starts coturn and the server, lets alice call bob (who accepts) and waits for alice to decode moving video.
     *
     * @param room the room both join
     * @param ttl  the lifetime of the credentials the server hands out
     * @return alice's side of the connected call
     * @throws Exception when something does not start or connect in time
     */
    CallSession connect(String room, Duration ttl) throws Exception {
        turn = track(CoturnServer.withRestSecret(SECRET));
        SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(0)
                .turnSecret(SECRET).allowAnonymousTurn(true) // the test joins without tokens
                .turnUrls(List.of(turn.turnUrl())).turnTtl(ttl).build();
        server.start();
        track(server::close);

        Room aliceRoom = TestClients.join(relayOnly("alice", server), room, CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(relayOnly("bob", server), aliceRoom, bobEvents);
        welcomed = Instant.now();

        call = TestClients.call(aliceRoom, bobRoom.selfId());
        call.remoteVideo().addRenderer(aliceSees);
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15)).until(() -> aliceSees.changedFrames() > 10);
        return call;
    }

    /** @return the coturn the call relays through */
    CoturnServer turn() {
        return turn;
    }

    /** @return what alice renders of bob */
    FrameProbe aliceSees() {
        return aliceSees;
    }

    /** @return bob's side of the call */
    CallSession bobCall() {
        return bobEvents.incoming.get(0);
    }

    /** @return when both peers had their welcome: every credential handed out so far expires by this plus the TTL */
    Instant welcomed() {
        return welcomed;
    }

    private CallClient relayOnly(String name, SignalingServer server) {
        return clients.client(name, server.webSocketUri(),
                b -> b.ice(IceOptions.builder().transportPolicy(IceTransportPolicy.RELAY).build()));
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        clients.close();
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }
}
