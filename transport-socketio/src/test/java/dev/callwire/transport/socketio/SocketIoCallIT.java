package dev.callwire.transport.socketio;

import dev.callwire.transport.websocket.RealServerCalls;
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

/** Real calls between Java clients through the real signaling server over socket.io, and across transports. */
class SocketIoCallIT {

    private final RealServerCalls calls = new RealServerCalls();

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
        CallClient alice = calls.client("alice", calls.socketIoUri());
        CallClient bob = calls.client("bob", calls.socketIoUri());
        CallRecorder aliceEvents = CallRecorder.passive();
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "io-lobby", aliceEvents);
        Room bobRoom = TestClients.join(bob, "io-lobby", bobEvents);
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
        CallClient alice = calls.client("alice", calls.socketIoUri());
        CallClient bob = calls.client("bob", calls.socketIoUri());
        CallRecorder aliceEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "io-leave", aliceEvents);
        Room bobRoom = TestClients.join(bob, "io-leave", CallRecorder.passive());
        String bobId = bobRoom.selfId();
        await().atMost(Duration.ofSeconds(5)).until(() -> aliceRoom.peer(bobId).isPresent());

        bob.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> aliceEvents.left.stream().map(Peer::id).anyMatch(bobId::equals));
        assertThat(aliceRoom.peers()).isEmpty();
        assertThat(aliceRoom.connectionState()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void aWebSocketClientAndASocketIoClientCallEachOtherInOneRoom() throws Exception {
        CallClient alice = calls.client("alice", calls.webSocketUri());
        CallClient bob = calls.client("bob", calls.socketIoUri());
        CallRecorder aliceEvents = CallRecorder.passive();
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "mixed", aliceEvents);
        Room bobRoom = TestClients.join(bob, "mixed", bobEvents);

        // Both directions of the offer/answer path: bob (socket.io) calls alice (WebSocket), then the reverse.
        RealServerCalls.Call first = RealServerCalls.establish(bobRoom, aliceRoom, aliceEvents);
        first.incoming().hangUp();
        assertThat(first.incoming().ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(first.outgoing().ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);

        RealServerCalls.Call second = RealServerCalls.establish(aliceRoom, bobRoom, bobEvents);
        second.outgoing().hangUp();
        assertThat(second.outgoing().ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(second.incoming().ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
    }

    @Test
    void httpLongPollingCarriesACallToo() throws Exception {
        java.net.URI polling = java.net.URI.create(calls.socketIoUri() + "/?transports=polling");
        CallClient alice = calls.client("alice", polling);
        CallClient bob = calls.client("bob", calls.socketIoUri());
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "io-polling", CallRecorder.passive());
        Room bobRoom = TestClients.join(bob, "io-polling", bobEvents);

        RealServerCalls.Call call = RealServerCalls.establish(aliceRoom, bobRoom, bobEvents);
        call.incoming().hangUp();
        assertThat(call.incoming().ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(call.outgoing().ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
    }
}
