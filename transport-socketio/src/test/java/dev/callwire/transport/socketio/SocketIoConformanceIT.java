package dev.callwire.transport.socketio;

import dev.callwire.conformance.SignalingTransportContract;
import dev.callwire.server.SignalingServer;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.testing.SamePortServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The socket.io transport against the real signaling server, through the shared conformance kit. */
class SocketIoConformanceIT extends SignalingTransportContract {

    private static final SamePortServer<SignalingServer> SERVER = RealSignalingServer.create();

    @BeforeAll
    static void startFirstServer() throws Exception {
        SERVER.start();
    }

    @AfterAll
    static void stopLastServer() throws Exception {
        SERVER.close();
    }

    @Override
    protected SignalingTransportProvider provider() {
        return new SocketIoTransportProvider();
    }

    @Override
    protected URI serverUri() {
        // From the port, not the running server: the kit also opens transports while the server is down.
        return URI.create("socketio+http://127.0.0.1:" + SERVER.port());
    }

    @Override
    protected void stopServer() throws Exception {
        SERVER.stop();
    }

    @Override
    protected void startServer() throws Exception {
        SERVER.start();
    }
}
