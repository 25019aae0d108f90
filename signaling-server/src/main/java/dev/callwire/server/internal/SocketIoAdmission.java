package dev.callwire.server.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the polling transport: the page's {@code Origin} must be allowed, and a handshake (a GET without
 * {@code sid}) takes one of its address's {@link AddressLimits} slots, held by the {@link EngineIoSession} it
 * opens until that session closes. A session id used to cost one anonymous GET: 80,000 sessions came from one
 * address in 12 s. WebSocket upgrades pass the same checks in {@link UpgradeGate}.
 */
final class SocketIoAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoAdmission.class);

    /** What a request that opens no session holds: nothing to give back. */
    static final Runnable NO_SLOT = () -> { };

    private final AddressLimits perIp;
    private final OriginPolicy origins;

    SocketIoAdmission(AddressLimits perIp, OriginPolicy origins) {
        this.perIp = perIp;
        this.origins = origins;
    }

    /**
     * Checks a polling request. Returns {@code null} when it was refused or fully answered (the response is
     * written), {@link #NO_SLOT} for a request that cannot open a session, and for a handshake the action that
     * gives its per-address slot back: whoever ends up holding it runs it once.
     */
    Runnable admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"))) {
            LOG.debug("Refused a socket.io request from {}: origin {} not allowed", request.getRemoteAddr(),
                    LogText.quote(origin));
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return null;
        }
        if (origin != null) {
            // An allowed page may read the answer, without cookies: the protocol authenticates with join
            // tokens, never with credentials a browser adds on its own (so never Allow-Credentials).
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Vary", "Origin");
        }
        if ("OPTIONS".equalsIgnoreCase(request.getMethod())) {
            response.setHeader("Access-Control-Allow-Methods", "GET, POST");
            response.setHeader("Access-Control-Allow-Headers", "Content-Type");
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return null;
        }
        // From the query string only: getParameter would read a form-encoded POST body, blocking, which is what
        // EngineIoServlet's asynchronous body reader exists to avoid.
        if (!"GET".equalsIgnoreCase(request.getMethod()) || UpgradeGate.hasSid(request.getQueryString())) {
            return NO_SLOT;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(request.getRemoteAddr()); // a literal: no lookup
        } catch (UnknownHostException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return null;
        }
        PerIpLimits.Verdict verdict = perIp.tryOpen(address);
        if (verdict != PerIpLimits.Verdict.ADMITTED) {
            Refusals.log(LOG, "socket.io session", address, perIp.describe(verdict, address));
            response.sendError(429);
            return null;
        }
        return slot(address);
    }

    /** Gives {@code address}'s slot (already taken) back when run, once however often it is run. */
    Runnable slot(InetAddress address) {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                perIp.release(address);
            }
        };
    }
}
