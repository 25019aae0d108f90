package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.conformance.RecordingListener;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over {@code wss://} the frame headers can only be read above TLS: a server behind a self-signed certificate
 * (made by the JDK's {@code keytool}) sends a 70,000-byte message on the first connection and a welcome on the
 * second. The client must fail the first at the header and take the second.
 */
class WssInboundLimitIT {

    @TempDir
    Path dir;

    @Test
    void anOversizedMessageOverTlsFailsTheConnectionAndTheNextOneIsUsed() throws Exception {
        SSLContext tls = selfSigned();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keyStore().getCertificate("server")); // a key entry is no anchor
        tmf.init(trusted);
        X509TrustManager trust = (X509TrustManager) tmf.getTrustManagers()[0];
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        AtomicInteger connections = new AtomicInteger();
        String welcome = "{\"v\":1,\"type\":\"welcome\",\"room\":\"lobby\",\"self\":\"p1\",\"peers\":[],\"iceServers\":[]}";
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(tls.getSocketFactory(), false);
            for (int i = 0; i < 2; i++) {
                server.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket webSocket, Response response) {
                        webSocket.send(connections.incrementAndGet() == 1 ? "x".repeat(70_000) : welcome);
                    }

                    @Override
                    public void onClosing(WebSocket webSocket, int code, String reason) {
                        webSocket.close(1000, null); // lets the server shut down at the end
                    }
                }));
            }
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(clientTls.getSocketFactory(), trust)
                    .hostnameVerifier((host, session) -> host.equals("127.0.0.1")).build();
            SignalingTransport transport = new WebSocketTransportProvider(client).create(
                    URI.create("wss://127.0.0.1:" + server.getPort() + "/ws"),
                    TransportOptions.builder().reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(100)).build());
            RecordingListener sees = new RecordingListener();
            transport.start(sees);
            transport.send(new Join("lobby", "probe", null));
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> !sees.messages(Welcome.class).isEmpty());
            } finally {
                transport.close();
            }
            assertThat(sees.changes()).filteredOn(c -> c.state() == ConnectionState.RECONNECTING).singleElement()
                    .satisfies(c -> assertThat(c.cause()).isInstanceOf(InboundLimitExceededException.class)
                            .hasMessageContaining("70000 bytes"));
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeader("Sec-WebSocket-Extensions"))
                    .as("compression is not offered").isNull();
        }
    }

    private Path keyStoreFile() throws Exception {
        Path file = dir.resolve("server.p12");
        if (Files.exists(file)) {
            return file;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assertThat(Files.isExecutable(keytool)).as("the JDK's keytool at " + keytool).isTrue();
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool: " + output).isTrue();
        return file;
    }

    private KeyStore keyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile())) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    private SSLContext selfSigned() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(), "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
