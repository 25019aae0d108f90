package dev.callwire.transport.socketio;

import dev.callwire.server.SignalingServer;
import dev.callwire.testing.SamePortServer;

/** The real signaling server on 127.0.0.1, restartable on the same port, for the shared contracts. */
final class RealSignalingServer {

    private RealSignalingServer() {
    }

    static SamePortServer<SignalingServer> create() {
        return new SamePortServer<>(port -> {
            SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(port).build();
            server.start();
            return server;
        }, SignalingServer::port);
    }
}
