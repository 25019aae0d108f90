package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server takes the query off socket.io WebSocket upgrades before Jetty keeps the request (memory per idle
 * connection): engine.io must still read it on a real upgrade, and a request that is not upgraded must reach the
 * polling servlet with its query.
 */
class SocketIoUpgradeQueryIT extends SharedServerFixture {

    @Test
    void aWebSocketUpgradeStillOpensItsEngineIoSessionFromTheQuery() throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + shared.port() + "/socket.io/?EIO=4&transport=websocket");
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        first.complete("closed " + statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            // Without EIO=4 and transport=websocket the server closes the WebSocket instead of sending the open packet.
            assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("0{\"sid\":\"").contains("\"upgrades\":[]");
        } finally {
            socket.abort();
        }
    }

    @Test
    void aRequestThatIsNotAnUpgradeReachesPollingWithItsQuery() throws Exception {
        // An upgrade to another protocol (one Jetty does not speak here either) is passed on.
        String notAnUpgrade = "Upgrade: h2c\r\nConnection: Upgrade, close\r\n";
        String response = rawGet("/socket.io/?EIO=4&transport=polling", notAnUpgrade);
        assertThat(response).as("the polling handshake, which needs EIO and transport from the query")
                .startsWith("HTTP/1.1 200").contains("0{\"sid\":\"").contains("\"upgrades\":[\"websocket\"]");

        String refused = rawGet("/socket.io/?EIO=3&transport=polling", notAnUpgrade);
        assertThat(refused).startsWith("HTTP/1.1 400").contains("Unsupported protocol version");
    }

    /** A WebSocket upgrade without the version RFC 6455 section 4.1 requires is malformed, not a polling request. */
    @Test
    void anUpgradeWithoutAVersionIsRefusedNotPassedToPolling() throws Exception {
        String response = rawGet("/socket.io/?EIO=4&transport=polling",
                "Upgrade: websocket\r\nConnection: Upgrade, close\r\n");
        assertThat(response).startsWith("HTTP/1.1 400").doesNotContain("\"sid\"");
    }

    /**
     * One HTTP/1.1 GET by hand (the JDK's client refuses to send an Upgrade header); the whole response. The
     * {@code headers} must close the connection.
     */
    private static String rawGet(String target, String headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", shared.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + shared.port() + "\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
