package dev.callwire.server.internal;

import java.util.concurrent.Executor;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * A server WebSocket whose reads run on Jetty's selector thread, as node's event loop runs them, instead of being
 * handed to a pool thread per readable event.
 *
 * <p>Why: Jetty types a connection's read callback as blocking unless the connection says otherwise, and
 * {@link WebSocketConnection} does not; so every readable event woke a second thread (perf at saturation on
 * {@code /ws}: about 0.55 context switches per relayed message). Both transports' frame handling never blocks: a
 * message is decoded, relayed with Jetty's asynchronous send, or published to Redis asynchronously; the hub's
 * lock is held only for in-memory work. Jetty's own {@code AbstractConnection.NonBlocking} does the same for
 * connections that know they never block.
 */
final class SelectorReadConnection extends WebSocketConnection {

    private final Callback selectorRead = new Callback() {
        @Override
        public void succeeded() {
            onFillable();
        }

        @Override
        public void failed(Throwable cause) {
            onFillInterestedFailed(cause);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    };

    SelectorReadConnection(EndPoint endPoint, Executor executor, Scheduler scheduler, ByteBufferPool buffers,
            WebSocketCoreSession session) {
        super(endPoint, executor, scheduler, buffers, session);
    }

    @Override
    public void fillInterested() {
        getEndPoint().fillInterested(selectorRead);
    }
}
