package dev.callwire.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.conformance.RecordingListener;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.testing.FakeServerTransportContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The socket.io transport against a minimal socket.io server that can refuse, drop and restart: the shared
 * {@link FakeServerTransportContract}, plus what only this transport does.
 */
class SocketIoTransportTest extends FakeServerTransportContract<FakeSocketIoServer> {

    @Override
    protected FakeSocketIoServer newServer() {
        return new FakeSocketIoServer();
    }

    @Override
    protected SignalingTransportProvider provider() {
        return new SocketIoTransportProvider();
    }

    @Override
    protected String listenerThreadPrefix() {
        return "callwire-socketio-";
    }

    @Override
    protected List<String> transportThreadNames() {
        return transportThreads();
    }

    @Test
    void handshakesOnTheDefaultSocketIoPathWithEngineIoV4OverWebSocket() {
        welcomed(new RecordingListener());

        assertThat(server.paths.get(0)).startsWith("/socket.io/?").contains("EIO=4").contains("transport=websocket");
    }

    /** Ours and the socket.io client's (its event thread and heartbeat schedulers end when idle). */
    static List<String> transportThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("callwire-socketio-") || name.startsWith("engine.io-client.heartbeat")
                        || name.equals("EventThread"))
                .toList();
    }
}
