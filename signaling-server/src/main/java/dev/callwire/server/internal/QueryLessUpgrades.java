package dev.callwire.server.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Takes the query string off a WebSocket upgrade under one path before Jetty's WebSocket handler sees it; the
 * upgrade's own code reads it with {@link #query(Request)}.
 *
 * <p>Why: Jetty keeps every WebSocket's negotiated request URI for the connection's whole life, and with a query
 * also a map of its parameters. engine.io clients open their WebSocket at {@code /socket.io/?EIO=4&transport=websocket}
 * (plus {@code sid} on an upgrade): a class histogram of 10,000 idle socket.io connections showed that map, its lists
 * and strings and the URI's query at about 0.5 KiB per connection, a tenth of what one held. The query is needed
 * once, when the session opens.
 *
 * <p>A request that turns out not to be an upgrade gets its query back ({@link #restoring}) before the servlets see
 * it, so engine.io's polling and its answers to malformed upgrades are unchanged.
 */
final class QueryLessUpgrades extends Handler.Wrapper {

    private final String pathPrefix;

    /** @param pathPrefix requests whose path starts with it lose their query while Jetty negotiates the upgrade */
    QueryLessUpgrades(String pathPrefix, Handler upgrades) {
        super(upgrades);
        this.pathPrefix = pathPrefix;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (uri.getQuery() != null && path != null && path.startsWith(pathPrefix)
                && request.getHeaders().contains(HttpHeader.UPGRADE)) {
            return super.handle(new QueryLess(request), response, callback);
        }
        return super.handle(request, response, callback);
    }

    /** The query of {@code request} as the client sent it, whether or not this handler took it off. */
    static String query(Request request) {
        QueryLess stripped = Request.as(request, QueryLess.class);
        return stripped != null ? stripped.query : request.getHttpURI().getQuery();
    }

    /** Wraps the handler behind Jetty's WebSocket handler: a request it did not upgrade gets its query back. */
    static Handler restoring(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return super.handle(request instanceof QueryLess stripped ? stripped.getWrapped() : request, response,
                        callback);
            }
        };
    }

    /** The request without its query; only for the upgrade's negotiation. */
    private static final class QueryLess extends Request.Wrapper {
        private final String query;
        private final HttpURI uri;

        QueryLess(Request request) {
            super(request);
            HttpURI original = request.getHttpURI();
            this.query = original.getQuery();
            this.uri = HttpURI.build(original).query(null).asImmutable();
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }
    }
}
