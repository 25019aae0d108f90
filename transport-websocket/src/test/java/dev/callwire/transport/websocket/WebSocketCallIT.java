package dev.callwire.transport.websocket;

import java.net.URI;

/** {@link RealServerCallContract} over raw WebSocket. */
class WebSocketCallIT extends RealServerCallContract {

    @Override
    protected URI signaling(RealServerCalls calls) {
        return calls.webSocketUri();
    }
}
