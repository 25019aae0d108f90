package dev.callwire.samples.tcp;

import dev.callwire.conformance.SignalingTransportContract;
import dev.callwire.server.SignalingServer;
import dev.callwire.spi.SignalingTransportProvider;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The example plugin proves it meets the SignalingTransport contract: the shared conformance kit against a
 * real signaling server with its TCP line endpoint, restarted on the same port when the kit asks.
 */
class TcpLineConformanceIT extends SignalingTransportContract {

    private static SignalingServer server;
    private static int tcpLinePort;

    /** Shared by every start, as an operator's secret would be: the restarted server honours earlier resume keys. */
    private static final String RESUME_SECRET = "tcp-conformance-resume-secret";

    @BeforeAll
    static void startFirstServer() {
        server = SignalingServer.builder().port(0).tcpLinePort(0).resumeSecret(RESUME_SECRET).build();
        server.start();
        tcpLinePort = server.tcpLineUri().getPort();
    }

    @AfterAll
    static void stopLastServer() {
        server.close();
    }

    @Override
    protected SignalingTransportProvider provider() {
        return new TcpLineTransportProvider();
    }

    @Override
    protected URI serverUri() {
        return URI.create("tcpline://127.0.0.1:" + tcpLinePort);
    }

    @Override
    protected void stopServer() {
        server.close();
    }

    @Override
    protected void startServer() {
        server = SignalingServer.builder().port(0).tcpLinePort(tcpLinePort).resumeSecret(RESUME_SECRET).build();
        server.start();
    }
}
