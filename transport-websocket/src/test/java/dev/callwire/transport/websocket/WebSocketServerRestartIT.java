package dev.callwire.transport.websocket;

import dev.callwire.server.SignalingServer;
import dev.callwire.testing.RestartableServer;
import dev.callwire.testing.SamePortServer;
import dev.callwire.testing.ServerRestartContract;
import java.net.URI;

/** {@link ServerRestartContract} over raw WebSocket. */
class WebSocketServerRestartIT extends ServerRestartContract {

    private final SamePortServer<SignalingServer> server = RealSignalingServer.create();

    @Override
    protected RestartableServer server() {
        return server;
    }

    @Override
    protected URI signaling() {
        return server.running().webSocketUri();
    }
}
