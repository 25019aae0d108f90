package dev.callwire.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar signaling-server.jar}: runs a {@link SignalingServer} until the process is
 * stopped. Run with {@code --help} for the options. Secrets given on the command line are visible to
 * other local users in the process list; prefer the environment variables
 * {@code CALLWIRE_TURN_SECRET} and {@code CALLWIRE_JOIN_SECRET} on shared machines.
 */
@Command(name = "signaling-server", mixinStandardHelpOptions = true, version = "Callwire signaling server 0.1.0",
        description = "Callwire signaling server: rooms and relay over raw WebSocket (/ws) and socket.io v4 "
                + "(/socket.io/), static files and /healthz on one port.")
public final class SignalingServerMain implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}; "
            + "0.0.0.0 for all interfaces).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to bind, 0 for any (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--turn-secret", defaultValue = "${env:CALLWIRE_TURN_SECRET}",
            description = "coturn static-auth-secret; welcome then carries TURN REST credentials "
                    + "(default: $CALLWIRE_TURN_SECRET).")
    String turnSecret;

    @Option(names = "--turn-url", arity = "1..*", description = "TURN server URL(s) for the credentials, "
            + "e.g. turn:turn.example.com:3478 (repeatable).")
    List<String> turnUrls = new ArrayList<>();

    @Option(names = "--turn-ttl", defaultValue = "3600", description = "TURN credential lifetime in seconds "
            + "(default: ${DEFAULT-VALUE}).")
    long turnTtlSeconds;

    @Option(names = "--allow-anonymous-turn", description = "Hand out TURN credentials although no join secret "
            + "is set, i.e. to anyone who reaches the server (default: refuse to start that way).")
    boolean allowAnonymousTurn;

    @Option(names = "--join-secret", defaultValue = "${env:CALLWIRE_JOIN_SECRET}",
            description = "Require join tokens signed with this secret (default: $CALLWIRE_JOIN_SECRET; none).")
    String joinSecret;

    @Option(names = "--room-capacity", defaultValue = "100", description = "Most peers per room, 0 = unlimited "
            + "(a join whose welcome would exceed 64 KiB is still refused) (default: ${DEFAULT-VALUE}).")
    int roomCapacity;

    @Option(names = "--resume-secret", defaultValue = "${env:CALLWIRE_RESUME_SECRET}",
            description = "Secret (16+ characters) that signs resume keys, so peers keep their ids across a restart "
                    + "(default: $CALLWIRE_RESUME_SECRET; none: a random one, ids survive reconnects only).")
    String resumeSecret;

    @Option(names = "--rate", defaultValue = "50", description = "Messages per second per connection, sustained "
            + "(default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--burst", defaultValue = "100", description = "Messages per connection at once "
            + "(default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--tcp-line-port", description = "Also serve one JSON envelope per line over plain TCP "
            + "(tcpline://) on this port of the same host, 0 for any; no TLS (default: disabled).")
    Integer tcpLinePort;

    @Option(names = "--tcp-line-max-connections", defaultValue = "1000", description = "Most TCP line "
            + "connections open at once; more are refused (default: ${DEFAULT-VALUE}).")
    int tcpLineMaxConnections;

    @Option(names = "--tcp-line-idle-timeout", defaultValue = "30", description = "Seconds a TCP line connection "
            + "may stay silent before joining a room, and may take for one line (default: ${DEFAULT-VALUE}).")
    long tcpLineIdleTimeoutSeconds;

    @Option(names = "--max-connections-per-ip", defaultValue = "100", description = "Most connections one remote "
            + "address may hold at once (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerIp;

    @Option(names = "--connect-rate-per-ip", defaultValue = "20", description = "New connections per second one "
            + "remote address may open, sustained (default: ${DEFAULT-VALUE}).")
    double connectRatePerIp;

    @Option(names = "--connect-burst-per-ip", defaultValue = "50", description = "New connections one remote "
            + "address may open at once (default: ${DEFAULT-VALUE}).")
    int connectBurstPerIp;

    @Option(names = "--loopback-limits", split = ",", paramLabel = "MAX,RATE,BURST", description = "Like the three "
            + "per-IP limits, for loopback addresses only; behind a proxy on the same host every client is loopback "
            + "(default: the per-IP limits).")
    List<Double> loopbackLimits;

    @Option(names = "--join-rate", defaultValue = "2", description = "Joins per second per connection, sustained "
            + "(default: ${DEFAULT-VALUE}).")
    double joinRate;

    @Option(names = "--join-burst", defaultValue = "10", description = "Joins per connection at once "
            + "(default: ${DEFAULT-VALUE}).")
    int joinBurst;

    @Option(names = "--allowed-origin", arity = "1..*", description = "Browser origin allowed to connect besides "
            + "pages of this server, e.g. https://app.example.com, or * for any (repeatable; default: none).")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--tls-keystore", description = "Serve HTTPS/WSS with the key in this PKCS#12 or JKS file.")
    Path tlsKeyStore;

    @Option(names = "--tls-keystore-password", defaultValue = "${env:CALLWIRE_TLS_KEYSTORE_PASSWORD}",
            description = "Password of --tls-keystore (default: $CALLWIRE_TLS_KEYSTORE_PASSWORD).")
    String tlsKeyStorePassword;

    @Option(names = "--tls-cert", description = "Serve HTTPS/WSS with this PEM certificate chain (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "Unencrypted PKCS#8 PEM private key for --tls-cert.")
    Path tlsKey;

    @Option(names = "--cluster", description = "Share rooms with every instance on this Redis: "
            + "redis://[:password@]host:port[/db][?lease-ms=N] (needs --resume-secret, the same on all instances; "
            + "default: this instance alone).")
    java.net.URI cluster;

    @Option(names = "--static", description = "Serve static files from this directory instead of the built-in ones.")
    Path staticDir;

    /** Builds the server this command line describes; throws IllegalArgumentException/IllegalStateException. */
    SignalingServer toServer() {
        SignalingServer.Builder builder = SignalingServer.builder()
                .host(host)
                .port(port)
                .turnSecret(turnSecret)
                .turnUrls(turnUrls)
                .turnTtl(Duration.ofSeconds(turnTtlSeconds))
                .joinSecret(joinSecret)
                .roomCapacity(roomCapacity)
                .resumeSecret(resumeSecret)
                .rateLimit(rate, burst)
                .allowAnonymousTurn(allowAnonymousTurn)
                .tcpLineLimits(tcpLineMaxConnections, Duration.ofSeconds(tcpLineIdleTimeoutSeconds))
                .perIpLimits(maxConnectionsPerIp, connectRatePerIp, connectBurstPerIp)
                .joinRateLimit(joinRate, joinBurst)
                .allowedOrigins(allowedOrigins)
                .tls(tlsOptions())
                .staticDir(staticDir)
                .cluster(cluster);
        if (loopbackLimits != null) {
            if (loopbackLimits.size() != 3) {
                throw new IllegalArgumentException("--loopback-limits takes MAX,RATE,BURST, e.g. 5000,500,1000");
            }
            builder.loopbackLimits(loopbackLimits.get(0).intValue(), loopbackLimits.get(1),
                    loopbackLimits.get(2).intValue());
        }
        if (tcpLinePort != null) {
            builder.tcpLinePort(tcpLinePort);
        }
        return builder.build();
    }

    private TlsOptions tlsOptions() {
        if (tlsKeyStore != null && (tlsCert != null || tlsKey != null)) {
            throw new IllegalArgumentException("use either --tls-keystore or --tls-cert with --tls-key, not both");
        }
        if (tlsKeyStore != null) {
            if (tlsKeyStorePassword == null) {
                throw new IllegalArgumentException("--tls-keystore needs --tls-keystore-password or "
                        + "$CALLWIRE_TLS_KEYSTORE_PASSWORD");
            }
            return TlsOptions.keyStore(tlsKeyStore, tlsKeyStorePassword);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        return tlsCert == null ? null : TlsOptions.pem(tlsCert, tlsKey);
    }

    @Override
    public Integer call() throws InterruptedException {
        SignalingServer server;
        try {
            server = toServer();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("signaling-server: " + e.getMessage());
            return 2;
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            System.err.println("signaling-server: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "callwire-signaling-shutdown"));
        System.out.println("Callwire signaling server on " + server.httpUri()
                + " (raw WebSocket " + server.webSocketUri() + ", socket.io " + server.socketIoUri()
                + (tcpLinePort != null ? ", TCP lines " + server.tcpLineUri() : "") + ")");
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        // Jetty's lifecycle chatter drowns the join/leave lines; an explicit setting still wins.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        }
        int exit = new CommandLine(new SignalingServerMain()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
