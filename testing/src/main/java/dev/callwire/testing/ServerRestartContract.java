package dev.callwire.testing;

import static dev.callwire.ConnectionState.CONNECTED;
import static dev.callwire.ConnectionState.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.EndReason;
import dev.callwire.Room;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * For each transport with a real server: the server restarts during a call: media keeps flowing peer to peer,
 * both clients reconnect and re-join under their old peer ids, and the call can still be hung up through the
 * new server.
 */
public abstract class ServerRestartContract {

    private final ServerClients calls = new ServerClients();

    /**
     * The real server of the transport under test, not started yet: the test starts, stops and restarts it.
     *
     * @return the same server on every call
     */
    protected abstract RestartableServer server();

    /**
     * Where clients of the transport under test reach the running {@link #server()}.
     *
     * @return the signaling URI, the same across restarts
     */
    protected abstract URI signaling();

    @AfterEach
    void tearDown() throws Exception {
        calls.close();
        server().close();
    }

    @Test
    void aCallSurvivesAServerRestartAndCanBeHungUpAfterwards() throws Exception {
        server().start();
        CallClient alice = calls.client("alice", signaling());
        CallClient bob = calls.client("bob", signaling());
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "restart", CallRecorder.passive());
        Room bobRoom = TestClients.join(bob, "restart", bobEvents);
        ConnectionStateRecorder aliceStates = new ConnectionStateRecorder();
        ConnectionStateRecorder bobStates = new ConnectionStateRecorder();
        aliceRoom.addListener(aliceStates);
        bobRoom.addListener(bobStates);
        String aliceId = aliceRoom.selfId();
        String bobId = bobRoom.selfId();
        EstablishedCall call = EstablishedCall.establish(aliceRoom, bobRoom, bobEvents);

        server().stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> aliceRoom.connectionState() == RECONNECTING
                && bobRoom.connectionState() == RECONNECTING);
        long aliceFramesWhileDown = call.callerSees().frames();
        long bobFramesWhileDown = call.calleeSees().frames();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(call.callerSees().frames()).as("alice still receives video").isGreaterThan(aliceFramesWhileDown + 15);
            assertThat(call.calleeSees().frames()).as("bob still receives video").isGreaterThan(bobFramesWhileDown + 15);
        });
        assertThat(aliceRoom.connectionState()).as("the server is still down").isEqualTo(RECONNECTING);

        server().start(); // same address
        await().atMost(Duration.ofSeconds(15)).until(() -> aliceRoom.connectionState() == CONNECTED
                && bobRoom.connectionState() == CONNECTED);
        // The state views change on the engine thread; listeners hear of it a moment later on the event thread.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(aliceStates.states).containsSubsequence(RECONNECTING, CONNECTED);
            assertThat(bobStates.states).containsSubsequence(RECONNECTING, CONNECTED);
        });
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
        assertThat(call.incoming().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(call.outgoing().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).as("the bye crossed the new server")
                .isEqualTo(EndReason.HANGUP);
    }
}
