package dev.callwire.server.internal;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;

/**
 * Upgrades requests on the mapped paths to WebSockets read on the selector thread ({@link SelectorReadConnection});
 * anything else goes to the wrapped handler. Jetty's {@code WebSocketUpgradeHandler} does the same with its own
 * handshaker, which cannot be replaced.
 */
final class SelectorReadUpgrades extends Handler.Wrapper {

    private final WebSocketMappings mappings;
    private final Configuration.ConfigurationCustomizer configuration = new Configuration.ConfigurationCustomizer();
    private final SelectorReadHandshaker handshaker = new SelectorReadHandshaker();

    SelectorReadUpgrades(WebSocketComponents components) {
        mappings = new WebSocketMappings(components);
        installBean(mappings);
    }

    /** What every WebSocket upgraded here starts with (timeouts, frame limits). */
    Configuration configuration() {
        return configuration;
    }

    /** @param pathSpec a Jetty path spec ({@code /ws}, {@code /socket.io/*}) */
    void addMapping(String pathSpec, WebSocketNegotiator negotiator) {
        mappings.addMapping(WebSocketMappings.parsePathSpec(pathSpec), negotiator);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        WebSocketNegotiator negotiator = mappings.getMatchedNegotiator(request, (upgrade, pathSpec) -> { });
        try {
            if (negotiator != null && handshaker.upgradeRequest(negotiator, request, response, callback,
                    mappings.getWebSocketComponents(), configuration)) {
                return true;
            }
        } catch (Exception e) {
            // As Jetty's upgrade handler answers a malformed upgrade: an HTTP error, the connection kept.
            Response.writeError(request, response, callback, e);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
