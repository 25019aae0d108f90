package dev.callwire.server.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks a WebSocket upgrade passes before the server creates anything for it: the page's {@code Origin}
 * (403) and, for a new connection, its address's {@link AddressLimits} (429). On refusal the response is
 * written and {@code null} returned, and nothing is upgraded.
 */
final class UpgradeGate {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeGate.class);

    private UpgradeGate() {
    }

    /** The remote address, holding one per-address slot the caller must release, or {@code null} if refused. */
    static InetAddress admit(Request request, Response response, Callback callback,
            OriginPolicy origins, AddressLimits perIp) {
        InetAddress address = checkOrigin(request, response, callback, origins);
        if (address == null) {
            return null;
        }
        PerIpLimits.Verdict verdict = perIp.tryOpen(address);
        if (verdict != PerIpLimits.Verdict.ADMITTED) {
            Refusals.log(LOG, "WebSocket connection", address, perIp.describe(verdict, address));
            Response.writeError(request, response, callback, 429);
            return null;
        }
        return address;
    }

    /** The remote address if the request's origin is allowed, else {@code null} with a 403 written. */
    static InetAddress checkOrigin(Request request, Response response, Callback callback,
            OriginPolicy origins) {
        String origin = request.getHeaders().get("Origin");
        String host = request.getHeaders().get("Host");
        if (!origins.allows(origin, host)) {
            LOG.debug("Refused a WebSocket upgrade to {}: origin {} not allowed", request.getHttpURI().getPath(),
                    LogText.quote(origin));
            Response.writeError(request, response, callback, 403);
            return null;
        }
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        Response.writeError(request, response, callback, 400);
        return null;
    }

    /** Whether an engine.io query names an existing session (an upgrade), rather than asking for a new one. */
    static boolean hasSid(String query) {
        if (query == null) {
            return false;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("sid=") && part.length() > 4) {
                return true;
            }
        }
        return false;
    }
}
