package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.server.RawFrameClient;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket layer alone on a real Jetty connector, with a listener that records what a transport would hear:
 * for what the transports' ITs cannot set up quickly (a short idle timeout) or observe (the listener's view of a
 * close).
 */
class WebSocketTextChannelIT {

    private static final long WAIT_SECONDS = 10;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final CompletableFuture<WebSocketTextChannel> opened = new CompletableFuture<>();
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Server server;
    private URI uri;

    private final WebSocketTextChannel.Listener listener = new WebSocketTextChannel.Listener() {
        @Override
        public void onOpen(WebSocketTextChannel channel) {
            opened.complete(channel);
        }

        @Override
        public void onText(String message) {
            texts.add(message);
        }

        @Override
        public void onBinary() {
        }

        @Override
        public void onClosed() {
            closed.countDown();
        }
    };

    private void start(Duration idleTimeout) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgrades upgrades = new WebSocketUpgrades(new WebSocketTextChannel.Settings(1024,
                Duration.ofSeconds(10), idleTimeout, 16, timer), new Handler.Abstract() {
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) {
                        return false; // 404
                    }
                });
        upgrades.addExact("/t", (request, response, callback) -> listener);
        server.setHandler(upgrades);
        server.start();
        uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/t");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        timer.shutdownNow();
    }

    /** Jetty's idle timeout ends an open WebSocket with a close handshake, not by cutting the socket. */
    @Test
    void anIdleTimeoutSaysGoingAwayAndClosesOnceAnswered() throws Exception {
        start(Duration.ofMillis(300));
        try (RawFrameClient client = new RawFrameClient(uri)) {
            opened.get(WAIT_SECONDS, TimeUnit.SECONDS);

            RawFrameClient.Frame close = client.next(); // nothing else is sent on this bare channel

            assertThat(close.opCode()).isEqualTo(RawFrameClient.CLOSE);
            assertThat(close.closeCode()).isEqualTo(FrameParser.GOING_AWAY);
            assertThat(close.closeReason()).isEqualTo("idle timeout");
            assertThat(closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("listener told").isTrue();
            client.send(RawFrameClient.CLOSE, true, (byte) 0x03, (byte) 0xE9);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    /**
     * The listener hears the close when the close frame is queued, not when the socket closes: harmless, because
     * from then on nothing can be sent (a late send fails its callback rather than vanishing) and what was sent
     * before still goes out, ahead of the close frame.
     */
    @Test
    void afterACloseStartsSendsAreRefusedAndEarlierOnesDelivered() throws Exception {
        start(Duration.ofMinutes(1));
        try (RawFrameClient client = new RawFrameClient(uri)) {
            WebSocketTextChannel channel = opened.get(WAIT_SECONDS, TimeUnit.SECONDS);
            CompletableFuture<Void> early = new CompletableFuture<>();
            CompletableFuture<Void> late = new CompletableFuture<>();

            channel.sendText("before", Callback.from(() -> early.complete(null), early::completeExceptionally));
            channel.close(FrameParser.NORMAL, "bye");
            channel.sendText("after", Callback.from(() -> late.complete(null), late::completeExceptionally));

            assertThat(channel.isOpen()).isFalse();
            assertThatThrownBy(() -> late.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClosedChannelException.class);
            RawFrameClient.Frame first = client.next();
            assertThat(first.opCode()).isEqualTo(RawFrameClient.TEXT);
            assertThat(first.text()).isEqualTo("before");
            early.get(WAIT_SECONDS, TimeUnit.SECONDS);
            RawFrameClient.Frame close = client.next();
            assertThat(close.opCode()).isEqualTo(RawFrameClient.CLOSE);
            assertThat(close.closeCode()).isEqualTo(FrameParser.NORMAL);
            assertThat(closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            // A message the client sent before reading our close is dropped, not handed to a closed listener.
            client.send(RawFrameClient.TEXT, true, "late".getBytes(StandardCharsets.UTF_8));
            client.send(RawFrameClient.CLOSE, true, (byte) 0x03, (byte) 0xE8);
            assertThat(client.closedByServer()).isTrue();
            assertThat(texts).isEmpty(); // read in order: the close answer was handled after the text
        }
    }
}
