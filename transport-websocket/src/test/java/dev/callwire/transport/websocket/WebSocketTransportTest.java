package dev.callwire.transport.websocket;

import static dev.callwire.ConnectionState.CLOSED;
import static dev.callwire.ConnectionState.CONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.conformance.RecordingListener;
import dev.callwire.protocol.Leave;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.testing.FakeServerTransportContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The raw WebSocket transport against a fake server that can refuse, drop and restart: the shared
 * {@link FakeServerTransportContract}, plus what only this transport does.
 */
class WebSocketTransportTest extends FakeServerTransportContract<FakeWebSocketServer> {

    @Override
    protected FakeWebSocketServer newServer() {
        return new FakeWebSocketServer();
    }

    @Override
    protected SignalingTransportProvider provider() {
        return new WebSocketTransportProvider();
    }

    @Override
    protected String listenerThreadPrefix() {
        return "callwire-ws-";
    }

    @Override
    protected List<String> transportThreadNames() {
        return transportThreads();
    }

    @Test
    void givesUpWhenTheFirstHandshakeIsRefusedWithAClientError() {
        server.refuseHandshakes(404);
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());

        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.states()).containsExactly(CONNECTING, CLOSED);
        assertThat(listener.changes().get(1).cause()).hasMessageContaining("404");
        assertThat(transport.state()).isEqualTo(CLOSED);
        assertThat(transport.send(new Leave("lobby"))).isFalse();
    }

    /** The transport's own threads (OkHttp's are shared and pooled, so they are not counted). */
    static List<String> transportThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("callwire-ws-")).toList();
    }
}
