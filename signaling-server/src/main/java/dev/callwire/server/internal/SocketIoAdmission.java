package dev.callwire.server.internal;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoSocket;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open an engine.io session: the page's {@code Origin} must be allowed, and a handshake (a request
 * without {@code sid}) takes one of its address's {@link AddressLimits} slots, held until the session closes.
 * A session id used to cost one anonymous GET: 80,000 sessions came from one address in 12 s.
 *
 * <p>engine.io creates the session, and fires {@code connection}, on the thread that runs the handshake; the
 * admitted address waits for it in a thread-local, so the slot is tied to exactly the session it paid for.
 */
final class SocketIoAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoAdmission.class);

    private final AddressLimits perIp;
    private final OriginPolicy origins;
    private final ThreadLocal<InetAddress> handshaking = new ThreadLocal<>();

    SocketIoAdmission(EngineIoServer engineIo, AddressLimits perIp, OriginPolicy origins) {
        this.perIp = perIp;
        this.origins = origins;
        engineIo.on("connection", args -> onSession((EngineIoSocket) args[0]));
    }

    /**
     * Checks a polling request; on refusal the response is written and {@code false} returned. An admitted
     * handshake must be followed by {@link #handshakeDone()} on the same thread.
     */
    boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"))) {
            LOG.debug("Refused a socket.io request from {}: origin {} not allowed", request.getRemoteAddr(),
                    LogText.quote(origin));
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return false;
        }
        if (origin != null) {
            // An allowed page may read the answer, without cookies: the protocol authenticates with join
            // tokens, never with credentials a browser adds on its own.
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Vary", "Origin");
        }
        if ("OPTIONS".equalsIgnoreCase(request.getMethod())) {
            response.setHeader("Access-Control-Allow-Methods", "GET, POST");
            response.setHeader("Access-Control-Allow-Headers", "Content-Type");
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return false;
        }
        // From the query string only: getParameter would read a form-encoded POST body, blocking, which is what
        // EngineIoServlet's asynchronous body reader exists to avoid.
        if (UpgradeGate.hasSid(request.getQueryString())) {
            return true;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(request.getRemoteAddr()); // a literal: no lookup
        } catch (UnknownHostException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return false;
        }
        PerIpLimits.Verdict verdict = perIp.tryOpen(address);
        if (verdict != PerIpLimits.Verdict.ADMITTED) {
            Refusals.log(LOG, "socket.io session", address, perIp.describe(verdict, address));
            response.sendError(429);
            return false;
        }
        handshaking.set(address);
        return true;
    }

    /** Runs an admitted websocket handshake ({@code address} already counted) so its session holds the slot. */
    void handshake(InetAddress address, Runnable handshake) {
        handshaking.set(address);
        try {
            handshake.run();
        } finally {
            handshakeDone();
        }
    }

    /** The handshake on this thread is over: a slot no session claimed is given back. */
    void handshakeDone() {
        InetAddress unclaimed = handshaking.get();
        if (unclaimed != null) {
            handshaking.remove();
            perIp.release(unclaimed);
        }
    }

    private void onSession(EngineIoSocket socket) {
        InetAddress address = handshaking.get();
        if (address == null) {
            return; // not one of ours (cannot happen: every handshake passes through admit or handshake)
        }
        handshaking.remove();
        AtomicBoolean released = new AtomicBoolean();
        socket.on("close", args -> {
            if (released.compareAndSet(false, true)) {
                perIp.release(address);
            }
        });
    }
}
