package dev.callwire.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.CallClient;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.server.SignalingServer;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.EstablishedCall;
import dev.callwire.testing.RealServerCallContract;
import dev.callwire.testing.RestartableServer;
import dev.callwire.testing.SamePortServer;
import dev.callwire.testing.TestClients;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link RealServerCallContract} over socket.io, plus a mixed room and long-polling. */
class SocketIoCallIT extends RealServerCallContract {

    private final SamePortServer<SignalingServer> server = RealSignalingServer.create();

    @Override
    protected RestartableServer server() {
        return server;
    }

    @Override
    protected URI signaling() {
        return server.running().socketIoUri();
    }

    @Test
    void aWebSocketClientAndASocketIoClientCallEachOtherInOneRoom() throws Exception {
        CallClient alice = calls.client("alice", server.running().webSocketUri());
        CallClient bob = calls.client("bob", signaling());
        CallRecorder aliceEvents = CallRecorder.passive();
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "mixed", aliceEvents);
        Room bobRoom = TestClients.join(bob, "mixed", bobEvents);

        // Both directions of the offer/answer path: bob (socket.io) calls alice (WebSocket), then the reverse.
        EstablishedCall first = EstablishedCall.establish(bobRoom, aliceRoom, aliceEvents);
        first.incoming().hangUp();
        assertThat(first.incoming().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(first.outgoing().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);

        EstablishedCall second = EstablishedCall.establish(aliceRoom, bobRoom, bobEvents);
        second.outgoing().hangUp();
        assertThat(second.outgoing().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(second.incoming().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
    }

    @Test
    void httpLongPollingCarriesACallToo() throws Exception {
        java.net.URI polling = java.net.URI.create(signaling() + "/?transports=polling");
        CallClient alice = calls.client("alice", polling);
        CallClient bob = calls.client("bob", signaling());
        CallRecorder bobEvents = CallRecorder.passive();
        Room aliceRoom = TestClients.join(alice, "io-polling", CallRecorder.passive());
        Room bobRoom = TestClients.join(bob, "io-polling", bobEvents);

        EstablishedCall call = EstablishedCall.establish(aliceRoom, bobRoom, bobEvents);
        call.incoming().hangUp();
        assertThat(call.incoming().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
        assertThat(call.outgoing().ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.HANGUP);
    }
}
