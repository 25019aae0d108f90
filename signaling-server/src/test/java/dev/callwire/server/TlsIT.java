package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.Welcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS in the server itself: a self-signed certificate made here with the JDK's keytool, served from a PKCS#12
 * key store and from PEM files; https:// and wss:// clients that trust it connect, others do not.
 */
class TlsIT {

    private static final String PASSWORD = "test-store-password";

    @TempDir
    static Path dir;
    private static Path keyStore;
    private static SSLContext trusting;

    @BeforeAll
    static void makeCertificate() throws Exception {
        keyStore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assertThat(keytool).as("the JDK's keytool, needed to make a certificate").isExecutable();
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool: %s", new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8)).isZero();

        KeyStore store = KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", store.getCertificate("server"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, factory.getTrustManagers(), null);
    }

    /** Writes the key store's key and certificate as PEM files, as a certificate authority's tooling would. */
    private static TlsOptions pemFiles() throws Exception {
        KeyStore store = KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
        Key key = store.getKey("server", PASSWORD.toCharArray());
        Certificate certificate = store.getCertificate("server");
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path cert = dir.resolve("fullchain.pem");
        Path privateKey = dir.resolve("privkey.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return TlsOptions.pem(cert, privateKey);
    }

    private static void assertHttpsAndWssWork(SignalingServer server) throws Exception {
        assertThat(server.httpUri().getScheme()).isEqualTo("https");
        assertThat(server.webSocketUri().getScheme()).isEqualTo("wss");
        assertThat(server.socketIoUri().getScheme()).isEqualTo("socketio+https");
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.httpUri().resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
        HttpResponse<String> handshake = client.send(HttpRequest.newBuilder(
                server.httpUri().resolve("/socket.io/?EIO=4&transport=polling")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(handshake.body()).as("a socket.io session over https").contains("\"sid\"");

        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = client.newWebSocketBuilder().buildAsync(server.webSocketUri(), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                first.complete(data.toString());
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        try {
            socket.sendText(ProtocolCodec.encode(new Join("tls-room", "Alice", null)), true).get(10, TimeUnit.SECONDS);
            assertThat(ProtocolCodec.decode(first.get(10, TimeUnit.SECONDS))).isInstanceOf(Welcome.class);
        } finally {
            socket.abort();
        }

        HttpClient untrusting = HttpClient.newHttpClient();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(server.httpUri().resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString())).as("a client that does not trust the certificate")
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString())).as("plain HTTP on the TLS port").isInstanceOf(IOException.class);
    }

    @Test
    void aPkcs12KeyStoreServesHttpsAndWss() throws Exception {
        try (SignalingServer server = SignalingServer.builder().port(0)
                .tls(TlsOptions.keyStore(keyStore, PASSWORD)).build()) {
            server.start();
            assertHttpsAndWssWork(server);
        }
    }

    @Test
    void pemCertificateAndKeyServeHttpsAndWss() throws Exception {
        try (SignalingServer server = SignalingServer.builder().port(0).tls(pemFiles()).build()) {
            server.start();
            assertHttpsAndWssWork(server);
        }
    }

    @Test
    void unusableKeyMaterialFailsTheStartNamingTheFile() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        Path cert = dir.resolve("fullchain.pem");
        pemFiles();
        SignalingServer server = SignalingServer.builder().port(0).tls(TlsOptions.pem(cert, notAKey)).build();
        assertThatThrownBy(server::start).hasMessageContaining("rsa.pem").hasMessageContaining("openssl pkcs8");
        SignalingServer wrongPassword = SignalingServer.builder().port(0)
                .tls(TlsOptions.keyStore(keyStore, "wrong")).build();
        assertThatThrownBy(wrongPassword::start).hasMessageContaining("server.p12");
        assertThatThrownBy(() -> TlsOptions.pem(dir.resolve("missing.pem"), notAKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.pem");
    }
}
