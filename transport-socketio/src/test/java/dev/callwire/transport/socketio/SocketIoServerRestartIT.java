package dev.callwire.transport.socketio;

import dev.callwire.transport.websocket.RealServerCalls;
import dev.callwire.transport.websocket.ServerRestartContract;
import java.net.URI;

/** {@link ServerRestartContract} over socket.io. */
class SocketIoServerRestartIT extends ServerRestartContract {

    @Override
    protected URI signaling(RealServerCalls calls) {
        return calls.socketIoUri();
    }
}
