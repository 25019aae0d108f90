package dev.callwire.server.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * engine.io's polling transport (and its handshake) at {@code /socket.io/}.
 *
 * <p>A POST body is read with Servlet async I/O (no thread while waiting for bytes) and a total deadline:
 * with blocking reads, a client sending one byte every few seconds would hold a request thread for as long
 * as it likes, and a few hundred such clients held all of Jetty's threads (health checks and every WebSocket
 * stalled). {@link EngineIoSessions} gets the complete body from memory.
 */
final class EngineIoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EngineIoServlet.class);

    private final transient EngineIoSessions engineIo;
    private final int maxBodyBytes;
    private final long bodyDeadlineMillis;
    /** Origin check, CORS answers and the per-address slot of a handshake, before engine.io sees the request. */
    private final transient SocketIoAdmission admission;

    /**
     * @param maxBodyBytes largest polling POST body accepted (413 beyond)
     * @param bodyDeadline time allowed to receive a whole POST body, counted from its headers (408 beyond)
     */
    EngineIoServlet(EngineIoSessions engineIo, int maxBodyBytes, Duration bodyDeadline, SocketIoAdmission admission) {
        this.engineIo = engineIo;
        this.admission = admission;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyDeadlineMillis = bodyDeadline.toMillis();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Runnable slot = admission.admit(request, response);
        if (slot == null) {
            return;
        }
        if ("GET".equalsIgnoreCase(request.getMethod())) {
            handle(request, response, null, slot);
            return;
        }
        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        // The body buffer is allocated at the announced Content-Length before reading, so an unbounded or
        // absurd length is refused first.
        long length = request.getContentLengthLong();
        if (length < 0) {
            response.sendError(HttpServletResponse.SC_LENGTH_REQUIRED);
            return;
        }
        if (length > maxBodyBytes) {
            response.setHeader("Connection", "close"); // do not read (or wait for) the rest of the body
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(bodyDeadlineMillis); // counts from here, however slowly the bytes trickle in
        BodyReader reader = new BodyReader(request, response, async, new byte[(int) length]);
        async.addListener(reader);
        request.getInputStream().setReadListener(reader);
    }

    /** Passes a request to engine.io; an unexpected failure gets a bare 400. */
    private void handle(HttpServletRequest request, HttpServletResponse response, byte[] body, Runnable slot)
            throws IOException {
        try {
            engineIo.onPolling(request, response, body, slot);
        } catch (RuntimeException e) {
            // No exception text in the response: it describes the server, not the client's mistake.
            LOG.debug("engine.io refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), e.toString());
            if (!response.isCommitted()) {
                response.reset();
                response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            }
        }
    }

    /** Reads one POST body without holding a thread, then hands the request to engine.io. */
    private final class BodyReader implements ReadListener, AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final AsyncContext async;
        private final byte[] body;
        private final AtomicBoolean finished = new AtomicBoolean();
        private int received;

        BodyReader(HttpServletRequest request, HttpServletResponse response, AsyncContext async, byte[] body) {
            this.request = request;
            this.response = response;
            this.async = async;
            this.body = body;
        }

        @Override
        public void onDataAvailable() throws IOException {
            ServletInputStream input = request.getInputStream();
            // Jetty never delivers more than Content-Length. Once it is all here the request goes on
            // without waiting for onAllDataRead, which Jetty calls only after a read has seen the end.
            while (received < body.length && input.isReady()) {
                int read = input.read(body, received, body.length - received);
                if (read < 0) {
                    break;
                }
                received += read;
            }
            if (received == body.length) {
                onAllDataRead();
            }
        }

        @Override
        public void onAllDataRead() throws IOException {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            try {
                if (received != body.length) {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST);
                } else {
                    handle(request, response, body, SocketIoAdmission.NO_SLOT);
                }
            } finally {
                async.complete();
            }
        }

        @Override
        public void onError(Throwable failure) {
            fail(HttpServletResponse.SC_BAD_REQUEST, failure.toString());
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            fail(HttpServletResponse.SC_REQUEST_TIMEOUT, "body not received within " + bodyDeadlineMillis + " ms");
        }

        @Override
        public void onError(AsyncEvent event) {
            fail(HttpServletResponse.SC_BAD_REQUEST, String.valueOf(event.getThrowable()));
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void fail(int status, String why) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            LOG.debug("Polling POST from {} refused ({}): {} of {} bytes received, {}", request.getRemoteAddr(),
                    status, received, body.length, why);
            try {
                if (!response.isCommitted()) {
                    response.setStatus(status);
                    response.setHeader("Connection", "close"); // the rest of the body is not wanted
                }
            } finally {
                async.complete();
            }
        }
    }
}
