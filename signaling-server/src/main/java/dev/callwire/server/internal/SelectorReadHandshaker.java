package dev.callwire.server.internal;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.Negotiated;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.server.internal.AbstractHandshaker;
import org.eclipse.jetty.websocket.core.server.internal.RFC6455Negotiation;
import org.eclipse.jetty.websocket.core.server.internal.WebSocketNegotiation;
import org.eclipse.jetty.websocket.core.util.WebSocketUtils;

/**
 * The RFC 6455 upgrade of HTTP/1.1 (the only HTTP this server speaks), making {@link SelectorReadConnection}s.
 *
 * <p>Why not Jetty's own: its RFC 6455 handshaker is final and creates plain {@link WebSocketConnection}s, and the
 * connection class is the one place a read callback's invocation type can be chosen. Negotiation (headers,
 * extensions, sub-protocols, the frame handler) is Jetty's, through {@link AbstractHandshaker}; only the response
 * headers of RFC 6455 section 4.2.2, the connection's class and a leaner session are ours.
 *
 * <p>It builds on classes of Jetty's {@code internal} packages, so a Jetty upgrade may need it adjusted: the
 * WebSocket ITs (both transports, refusals, framing) and {@code SelectorReadConnectionTest} are what would tell.
 */
final class SelectorReadHandshaker extends AbstractHandshaker {

    private static final int MAX_SHARED_PATHS = 8;

    private static final HttpField UPGRADE_WEBSOCKET = new PreEncodedHttpField(HttpHeader.UPGRADE, "websocket");
    private static final HttpField CONNECTION_UPGRADE = new PreEncodedHttpField(HttpHeader.CONNECTION,
            HttpHeader.UPGRADE.asString());

    private final Map<String, URI> pathUris = new ConcurrentHashMap<>();

    @Override
    public boolean isWebSocketUpgradeRequest(Request request) {
        return HttpMethod.GET.is(request.getMethod())
                && HttpVersion.HTTP_1_1.is(request.getConnectionMetaData().getProtocol())
                && super.isWebSocketUpgradeRequest(request);
    }

    @Override
    protected WebSocketNegotiation newNegotiation(Request request, Response response, Callback callback,
            WebSocketComponents components) {
        return new RFC6455Negotiation(request, response, callback, components);
    }

    @Override
    protected boolean validateNegotiation(WebSocketNegotiation negotiation) {
        boolean valid = super.validateNegotiation(negotiation);
        if (valid && ((RFC6455Negotiation) negotiation).getKey() == null) {
            throw new BadMessageException("Missing request header 'Sec-WebSocket-Key'");
        }
        return valid;
    }

    /**
     * The session Jetty would make, but its {@link Negotiated} names only the request's path, shared by every
     * connection on it. Jetty keeps the negotiated request URI for the connection's whole life, parsed into a
     * {@link URI} with its host, authority and path as separate strings plus a parameter map (a class histogram
     * of 10,000 idle {@code /ws} connections: about 0.4 KiB each); nothing here reads it after the upgrade.
     */
    @Override
    protected WebSocketCoreSession newWebSocketCoreSession(Request request, FrameHandler handler,
            Negotiated negotiated, WebSocketComponents components) {
        Negotiated slim = new Negotiated(pathOnly(request.getHttpURI().getPath()), negotiated.getSubProtocol(),
                negotiated.isSecure(), negotiated.getExtensions(), negotiated.getProtocolVersion());
        return super.newWebSocketCoreSession(request, handler, slim, components);
    }

    URI pathOnly(String requestPath) {
        String path = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
        URI known = pathUris.get(path);
        if (known != null) {
            return known;
        }
        URI uri = URI.create(path);
        // Mapped paths are few (/ws, /socket.io/); a client inventing paths under a mapping gets its own URI.
        if (pathUris.size() < MAX_SHARED_PATHS) {
            pathUris.putIfAbsent(path, uri);
        }
        return uri;
    }

    @Override
    protected WebSocketConnection createWebSocketConnection(Request request, WebSocketCoreSession session) {
        ConnectionMetaData metaData = request.getConnectionMetaData();
        Connector connector = metaData.getConnector();
        return newWebSocketConnection(metaData.getConnection().getEndPoint(), connector.getExecutor(),
                connector.getScheduler(), connector.getByteBufferPool(), session);
    }

    @Override
    protected WebSocketConnection newWebSocketConnection(EndPoint endPoint, Executor executor, Scheduler scheduler,
            ByteBufferPool buffers, WebSocketCoreSession session) {
        WebSocketConnection connection = new SelectorReadConnection(endPoint, executor, scheduler, buffers, session);
        session.setWebSocketConnection(connection);
        return connection;
    }

    @Override
    protected void prepareResponse(Response response, WebSocketNegotiation negotiation) {
        response.setStatus(101);
        response.getHeaders().put(UPGRADE_WEBSOCKET);
        response.getHeaders().put(CONNECTION_UPGRADE);
        response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_ACCEPT,
                WebSocketUtils.hashKey(((RFC6455Negotiation) negotiation).getKey()));
    }
}
