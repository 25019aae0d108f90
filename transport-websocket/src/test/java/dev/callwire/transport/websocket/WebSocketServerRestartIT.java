package dev.callwire.transport.websocket;

import java.net.URI;

/** {@link ServerRestartContract} over raw WebSocket. */
class WebSocketServerRestartIT extends ServerRestartContract {

    @Override
    protected URI signaling(RealServerCalls calls) {
        return calls.webSocketUri();
    }
}
