package dev.callwire.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.CallClient;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import dev.callwire.transport.websocket.RealServerCallContract;
import dev.callwire.transport.websocket.RealServerCalls;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link RealServerCallContract} over socket.io, plus a mixed room and long-polling. */
class SocketIoCallIT extends RealServerCallContract {

    @Override
    protected URI signaling(RealServerCalls calls) {
        return calls.socketIoUri();
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
