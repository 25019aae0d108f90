package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw {@code /ws} client on {@link java.net.http.WebSocket} that queues every envelope it receives. */
final class WsTestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    private WsTestClient(URI uri) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(uri, new Listener())
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    static WsTestClient connect(SignalingServer server) {
        return new WsTestClient(server.webSocketUri());
    }

    static WsTestClient connect(URI webSocketUri) {
        return new WsTestClient(webSocketUri);
    }

    /** Sends raw text as one frame. */
    void sendText(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    void send(Message message) {
        sendText(ProtocolCodec.encode(message));
    }

    /** Joins and returns the welcome. */
    Welcome join(String room) {
        return join(new Join(room, null, null));
    }

    Welcome join(Join join) {
        send(join);
        return next(Welcome.class);
    }

    /** The next envelope, decoded; fails after {@link #TIMEOUT}. */
    Message next() {
        try {
            String text = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(text).as("a message within %s", TIMEOUT).isNotNull();
            return ProtocolCodec.decode(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    <T extends Message> T next(Class<T> type) {
        Message message = next();
        assertThat(message).isInstanceOf(type);
        return type.cast(message);
    }

    /** The next envelope must be an error with {@code code}. */
    ErrorMessage nextError(ProtocolError code) {
        ErrorMessage error = next(ErrorMessage.class);
        assertThat(error.code()).as("error code of %s", error).isEqualTo(code);
        return error;
    }

    /** Raw text of the next frame. */
    String nextText() throws InterruptedException {
        String text = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(text).as("a frame within %s", TIMEOUT).isNotNull();
        return text;
    }

    /** The next envelope if one has arrived, else {@code null}; does not wait. */
    Message poll() {
        String text = received.poll();
        return text == null ? null : ProtocolCodec.decode(text);
    }

    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Drops the TCP connection without a close handshake, as a crashed client would. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            received.add("<binary>");
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
