package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.CallStats;
import dev.callwire.ClientConfig;
import dev.callwire.EndReason;
import dev.callwire.CallTimeouts;
import dev.callwire.IceOptions;
import dev.callwire.IceServer;
import dev.callwire.IceTransportPolicy;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.CoturnServer;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Relayed calls through a real coturn on 127.0.0.1, with static and REST credentials, and a refused one. */
class TurnRelayIT {

    private final TestClients clients = new TestClients();
    private CoturnServer turn;

    @AfterEach
    void tearDown() {
        clients.close();
        if (turn != null) {
            turn.close();
        }
    }

    @Test
    void relayOnlyCallWithAStaticUserGoesThroughTheRelay() throws Exception {
        turn = CoturnServer.withUser("callwire", "s3cret");
        UnaryOperator<ClientConfig.Builder> relayOnly = b -> b
                .ice(IceOptions.builder().server(IceServer.turn(turn.turnUrl(), "callwire", "s3cret"))
                        .transportPolicy(IceTransportPolicy.RELAY).build());

        assertRelayedCall(relayOnly);
    }

    @Test
    void relayOnlyCallWithRestCredentialsHandedOutInWelcome() throws Exception {
        turn = CoturnServer.withRestSecret("rest-secret");
        String url = turn.turnUrl();
        clients.hub().iceServersInWelcome(peerId -> List.of(restCredentials(url, "rest-secret", peerId)));

        assertRelayedCall(b -> b.ice(IceOptions.builder().transportPolicy(IceTransportPolicy.RELAY).build())); // no ICE servers configured
    }

    @Test
    void wrongTurnPasswordEndsTheCallAsFailedWithinSeconds() throws Exception {
        turn = CoturnServer.withUser("callwire", "s3cret");
        UnaryOperator<ClientConfig.Builder> wrongPassword = b -> b
                .ice(IceOptions.builder().server(IceServer.turn(turn.turnUrl(), "callwire", "not-the-password"))
                        .transportPolicy(IceTransportPolicy.RELAY).build())
                .timeouts(CallTimeouts.defaults().withConnect(Duration.ofSeconds(10)));
        Room aliceRoom = TestClients.join(clients.client("alice", wrongPassword), "turn-bad", CallRecorder.passive());
        CallRecorder bobEvents = CallRecorder.accepting();
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob", wrongPassword), aliceRoom, bobEvents);
        Instant start = Instant.now();

        CallSession call = TestClients.call(aliceRoom, bobRoom.selfId());

        assertThat(call.ended().toCompletableFuture().get(20, TimeUnit.SECONDS)).isEqualTo(EndReason.FAILED);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
        assertThatThrownBy(() -> call.connected().toCompletableFuture().get(1, TimeUnit.SECONDS))
                .hasMessageContaining("no candidates").hasMessageContaining("401");
        await().atMost(Duration.ofSeconds(10)).until(() -> bobRoom.calls().isEmpty());
    }

    private void assertRelayedCall(UnaryOperator<ClientConfig.Builder> customize) throws Exception {
        Room aliceRoom = TestClients.join(clients.client("alice", customize), "turn", CallRecorder.passive());
        CallRecorder bobEvents = CallRecorder.accepting();
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob", customize), aliceRoom, bobEvents);

        CallSession call = TestClients.call(aliceRoom, bobRoom.selfId());
        FrameProbe aliceSees = new FrameProbe();
        call.remoteVideo().addRenderer(aliceSees);
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(15)).until(() -> aliceSees.changedFrames() > 10);
        assertThat(aliceSees.width()).isEqualTo(TestClients.WIDTH);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            CallStats aliceStats = call.stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
            CallStats bobStats = bobEvents.incoming.get(0).stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(aliceStats.candidateType()).isEqualTo(CallStats.CandidateType.RELAY);
            assertThat(bobStats.candidateType()).isEqualTo(CallStats.CandidateType.RELAY);
            assertThat(bobStats.videoIn().framesDecoded()).isGreaterThan(10);
        });
    }

    /** coturn's REST scheme: username "expiry:peerId", credential base64(HMAC-SHA1(secret, username)). */
    static IceServer restCredentials(String turnUrl, String secret, String peerId) {
        String username = (Instant.now().getEpochSecond() + 3600) + ":" + peerId;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String credential = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
            return IceServer.turn(turnUrl, username, credential);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
