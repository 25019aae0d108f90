package dev.callwire.transport.websocket;

import dev.callwire.server.SignalingServer;
import dev.callwire.testing.SamePortServer;
import java.util.function.UnaryOperator;

/** The real signaling server on 127.0.0.1, restartable on the same port, for the shared contracts. */
final class RealSignalingServer {

    private RealSignalingServer() {
    }

    static SamePortServer<SignalingServer> create() {
        return create(UnaryOperator.identity());
    }

    /** @param options more builder settings (a join secret...) applied at every start */
    static SamePortServer<SignalingServer> create(UnaryOperator<SignalingServer.Builder> options) {
        return new SamePortServer<>(port -> {
            // One resume secret for every start: like an operator's configured secret, it lets the restarted server
            // verify the resume keys its predecessor issued, so clients keep their ids.
            SignalingServer server = options.apply(SignalingServer.builder().host("127.0.0.1").port(port)
                    .resumeSecret("restart-contract-resume-secret")).build();
            server.start();
            return server;
        }, SignalingServer::port);
    }
}
