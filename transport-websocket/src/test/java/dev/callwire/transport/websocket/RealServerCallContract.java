package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.ConnectionState;
import dev.callwire.EndReason;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** For each real-server transport: calls between two Java clients through the real signaling server. */
public abstract class RealServerCallContract {

    /** The URI clients of the transport under test use to reach {@code calls}' server. */
    protected abstract java.net.URI signaling(RealServerCalls calls);


    protected final RealServerCalls calls = new RealServerCalls();

    @BeforeEach
    void startServer() {
        calls.start();
    }

    @AfterEach
    void tearDown() {
        calls.close();
    }

    @Test
    void twoClientsSeeEachOtherThroughTheServerAndHangUpEndsBoth() throws Exception {
        CallClient alice = calls.client("alice", signaling(calls));
        CallClient bob = calls.client("bob", signaling(calls));
        CallRecorder aliceEvents = CallRecorder.passive();
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "lobby", aliceEvents);
        Room bobRoom = TestClients.join(bob, "lobby", bobEvents);
        assertThat(aliceRoom.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(bobRoom.connectionState()).isEqualTo(ConnectionState.CONNECTED);

        RealServerCalls.Call call = RealServerCalls.establish(aliceRoom, bobRoom, bobEvents);
        assertThat(call.incoming().peer().displayName()).isEqualTo("alice");

        call.outgoing().hangUp();
        assertThat(call.outgoing().ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(call.incoming().ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceRoom.calls().isEmpty() && bobRoom.calls().isEmpty());
        assertThat(aliceEvents.errors).isEmpty();
        assertThat(bobEvents.errors).isEmpty();
    }

    @Test
    void closingOneClientTellsTheOtherThatItsPeerLeft() {
        CallClient alice = calls.client("alice", signaling(calls));
        CallClient bob = calls.client("bob", signaling(calls));
        CallRecorder aliceEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "leave", aliceEvents);
        Room bobRoom = TestClients.join(bob, "leave", CallRecorder.passive());
        String bobId = bobRoom.selfId();
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceRoom.peer(bobId).isPresent());

        bob.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> aliceEvents.left.stream().map(Peer::id).anyMatch(bobId::equals));
        assertThat(aliceRoom.peers()).isEmpty();
        assertThat(aliceRoom.connectionState()).isEqualTo(ConnectionState.CONNECTED);
    }
}
