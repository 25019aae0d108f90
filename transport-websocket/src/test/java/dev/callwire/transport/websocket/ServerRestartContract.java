package dev.callwire.transport.websocket;

import static dev.callwire.ConnectionState.CONNECTED;
import static dev.callwire.ConnectionState.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * For each real-server transport: the signaling server restarts during a call: media keeps flowing peer to peer, both clients reconnect and
 * re-join under their old peer ids, and the call can still be hung up through the new server.
 */
public abstract class ServerRestartContract {

    /** The URI clients of the transport under test use to reach {@code calls}' server. */
    protected abstract java.net.URI signaling(RealServerCalls calls);


    private final RealServerCalls calls = new RealServerCalls();

    @AfterEach
    void tearDown() {
        calls.close();
    }

    @Test
    void aCallSurvivesAServerRestartAndCanBeHungUpAfterwards() throws Exception {
        calls.start();
        CallClient alice = calls.client("alice", signaling(calls));
        CallClient bob = calls.client("bob", signaling(calls));
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "restart", CallRecorder.passive());
        Room bobRoom = TestClients.join(bob, "restart", bobEvents);
        RealServerCalls.States aliceStates = new RealServerCalls.States();
        RealServerCalls.States bobStates = new RealServerCalls.States();
        aliceRoom.addListener(aliceStates);
        bobRoom.addListener(bobStates);
        String aliceId = aliceRoom.selfId();
        String bobId = bobRoom.selfId();
        RealServerCalls.Call call = RealServerCalls.establish(aliceRoom, bobRoom, bobEvents);

        calls.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> aliceRoom.connectionState() == RECONNECTING
                && bobRoom.connectionState() == RECONNECTING);
        long aliceFramesWhileDown = call.callerSees().frames();
        long bobFramesWhileDown = call.calleeSees().frames();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(call.callerSees().frames()).as("alice still receives video").isGreaterThan(aliceFramesWhileDown + 15);
            assertThat(call.calleeSees().frames()).as("bob still receives video").isGreaterThan(bobFramesWhileDown + 15);
        });
        assertThat(aliceRoom.connectionState()).as("the server is still down").isEqualTo(RECONNECTING);

        calls.start(); // same port
        await().atMost(Duration.ofSeconds(15)).until(() -> aliceRoom.connectionState() == CONNECTED
                && bobRoom.connectionState() == CONNECTED);
        assertThat(aliceStates.states).containsSubsequence(RECONNECTING, CONNECTED);
        assertThat(bobStates.states).containsSubsequence(RECONNECTING, CONNECTED);
        assertThat(aliceRoom.selfId()).as("alice keeps her peer id").isEqualTo(aliceId);
        assertThat(bobRoom.selfId()).as("bob keeps his peer id").isEqualTo(bobId);
        await().atMost(Duration.ofSeconds(10)).until(() -> aliceRoom.peer(bobId).isPresent()
                && bobRoom.peer(aliceId).isPresent());

        long aliceFramesAfter = call.callerSees().frames();
        long bobFramesAfter = call.calleeSees().frames();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(call.callerSees().frames()).isGreaterThan(aliceFramesAfter + 15);
            assertThat(call.calleeSees().frames()).isGreaterThan(bobFramesAfter + 15);
        });

        call.incoming().hangUp();
        assertThat(call.incoming().ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(call.outgoing().ended().get(10, TimeUnit.SECONDS)).as("the bye crossed the new server")
                .isEqualTo(EndReason.HANGUP);
    }
}
