package dev.callwire.server.internal;

import dev.callwire.server.TlsOptions;
import java.io.IOException;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** A TLS connector for the HTTP port, from {@link TlsOptions}. */
final class TlsConnectors {

    private TlsConnectors() {
    }

    /**
     * A connector speaking HTTP/1.1 over TLS (the WebSocket upgrade needs HTTP/1.1), with {@code detector} reading
     * the decrypted bytes first.
     */
    static ServerConnector create(Server server, HttpConfiguration http, TlsOptions options,
            ConnectionFactory.Detecting detector) throws IOException {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(options.toKeyStore()); // read now: a bad file fails the start with the file's name
        char[] password = options.storePassword();
        ssl.setKeyStorePassword(new String(password));
        ssl.setKeyManagerPassword(new String(password));
        // Jetty's defaults already exclude SSLv3, TLS 1.0/1.1 and weak cipher suites.
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach a server by IP as often as by name (tests, LAN deployments); the certificate check is
        // theirs to make, not a reason for the server to answer 400.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        http.setSecureScheme("https");
        return new ServerConnector(server, new SslConnectionFactory(ssl, detector.getProtocol()), detector,
                new HttpConnectionFactory(http));
    }
}
