package dev.callwire.transport.websocket;

import dev.callwire.server.SignalingServer;
import dev.callwire.testing.RealServerCallContract;
import dev.callwire.testing.RestartableServer;
import dev.callwire.testing.SamePortServer;
import java.net.URI;

/** {@link RealServerCallContract} over raw WebSocket. */
class WebSocketCallIT extends RealServerCallContract {

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
