package dev.callwire.webrtc.hostile;

import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raw-WebSocket connection to the signaling server, on the JDK's own client: envelopes out in order, decoded
 * envelopes in. The transport modules depend on this module, so its tests cannot use theirs; both the SDK's test
 * transport and the hostile member are built on this.
 */
final class JdkWebSocket {

    private static final Logger LOG = LoggerFactory.getLogger(JdkWebSocket.class);

    private final CompletableFuture<WebSocket> socket;
    private CompletableFuture<?> sends; // guarded by this: each send starts when the previous one finished

    /**
     * @param onMessage receives each decoded envelope (the JDK's thread, one at a time)
     * @param onClosed  receives the cause ({@code null} for a close) once the connection ends
     */
    JdkWebSocket(URI uri, Consumer<Message> onMessage, Consumer<Throwable> onClosed) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    try {
                        onMessage.accept(ProtocolCodec.decode(text));
                    } catch (ProtocolException e) {
                        LOG.warn("Dropping a malformed envelope: {}", e.getMessage());
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                onClosed.accept(null);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                onClosed.accept(error);
            }
        });
        this.sends = socket;
        socket.whenComplete((ws, error) -> {
            if (error != null) {
                onClosed.accept(error);
            }
        });
    }

    CompletableFuture<WebSocket> opened() {
        return socket;
    }

    /** Queues an envelope after those sent before. */
    synchronized CompletableFuture<?> send(Message message) {
        String text = ProtocolCodec.encode(message);
        sends = sends.thenCompose(ignored -> socket.join().sendText(text, true));
        return sends;
    }

    void close() {
        socket.thenAccept(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((w, e) -> ws.abort()));
    }
}
