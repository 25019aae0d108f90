package dev.callwire.server.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code /healthz}: 200 and a few counters, for load balancers and tests. */
final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Hub hub;

    HealthServlet(Hub hub) {
        this.hub = hub;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"status\":\"ok\",\"protocol\":1,\"connections\":" + hub.connectionCount()
                + ",\"rooms\":" + hub.roomCount() + "}");
    }
}
