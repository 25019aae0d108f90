package dev.callwire.transport.websocket;

import dev.callwire.conformance.SignalingTransportContract;
import dev.callwire.server.SignalingServer;
import dev.callwire.spi.SignalingTransportProvider;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The raw WebSocket transport against the real signaling server, through the shared conformance kit. */
class WebSocketConformanceIT extends SignalingTransportContract {

    private static SignalingServer server;
    private static int port;

    @BeforeAll
    static void startFirstServer() {
        server = SignalingServer.builder().port(0).build();
        server.start();
        port = server.port();
    }

    @AfterAll
    static void stopLastServer() {
        server.close();
    }

    @Override
    protected SignalingTransportProvider provider() {
        return new WebSocketTransportProvider();
    }

    @Override
    protected URI serverUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    @Override
    protected void stopServer() {
        server.close();
    }

    @Override
    protected void startServer() {
        server = SignalingServer.builder().port(port).build();
        server.start();
    }
}
