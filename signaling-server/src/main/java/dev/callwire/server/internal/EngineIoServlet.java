package dev.callwire.server.internal;

import io.socket.engineio.server.EngineIoServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** engine.io's polling transport (and its handshake) at {@code /socket.io/}. */
final class EngineIoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient EngineIoServer engineIo;
    private final long maxBodyBytes;

    EngineIoServlet(EngineIoServer engineIo, long maxBodyBytes) {
        this.engineIo = engineIo;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // engine.io-server allocates a buffer of the announced Content-Length before reading, so
        // an unbounded or absurd length must never reach it.
        if ("POST".equalsIgnoreCase(request.getMethod())) {
            long length = request.getContentLengthLong();
            if (length < 0) {
                response.sendError(HttpServletResponse.SC_LENGTH_REQUIRED);
                return;
            }
            if (length > maxBodyBytes) {
                response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                return;
            }
        }
        engineIo.handleRequest(request, response);
    }
}
