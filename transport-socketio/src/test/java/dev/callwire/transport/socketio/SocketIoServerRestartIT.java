package dev.callwire.transport.socketio;

import dev.callwire.server.SignalingServer;
import dev.callwire.testing.RestartableServer;
import dev.callwire.testing.SamePortServer;
import dev.callwire.testing.ServerRestartContract;
import java.net.URI;

/** {@link ServerRestartContract} over socket.io. */
class SocketIoServerRestartIT extends ServerRestartContract {

    private final SamePortServer<SignalingServer> server = RealSignalingServer.create();

    @Override
    protected RestartableServer server() {
        return server;
    }

    @Override
    protected URI signaling() {
        return server.running().socketIoUri();
    }
}
