package dev.callwire.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.ConnectionState;
import dev.callwire.EndReason;
import dev.callwire.Peer;
import dev.callwire.Room;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * For each transport with a real server: calls between two Java clients through that server. A transport's
 * test class extends this and says which server to start and how its clients reach it.
 */
public abstract class RealServerCallContract {

    /** Clients made by the tests, closed after each. */
    protected final ServerClients calls = new ServerClients();

    /**
     * The real server of the transport under test, not started yet: started before each test, closed after.
     *
     * @return the same server on every call
     */
    protected abstract RestartableServer server();

    /**
     * Where clients of the transport under test reach the running {@link #server()}.
     *
     * @return the signaling URI
     */
    protected abstract URI signaling();

    @BeforeEach
    void startServer() throws Exception {
        server().start();
    }

    @AfterEach
    void tearDown() throws Exception {
        calls.close();
        server().close();
    }

    @Test
    void twoClientsSeeEachOtherThroughTheServerAndHangUpEndsBoth() throws Exception {
        CallClient alice = calls.client("alice", signaling());
        CallClient bob = calls.client("bob", signaling());
        CallRecorder aliceEvents = CallRecorder.passive();
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "lobby", aliceEvents);
        Room bobRoom = TestClients.join(bob, "lobby", bobEvents);
        assertThat(aliceRoom.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(bobRoom.connectionState()).isEqualTo(ConnectionState.CONNECTED);

        EstablishedCall call = EstablishedCall.establish(aliceRoom, bobRoom, bobEvents);
        assertThat(call.incoming().peer().displayName()).isEqualTo("alice");

        call.outgoing().hangUp();
        assertThat(call.outgoing().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(call.incoming().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceRoom.calls().isEmpty() && bobRoom.calls().isEmpty());
        assertThat(aliceEvents.errors).isEmpty();
        assertThat(bobEvents.errors).isEmpty();
    }

    @Test
    void closingOneClientTellsTheOtherThatItsPeerLeft() {
        CallClient alice = calls.client("alice", signaling());
        CallClient bob = calls.client("bob", signaling());
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
