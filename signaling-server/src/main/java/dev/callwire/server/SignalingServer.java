package dev.callwire.server;

import dev.callwire.IceServer;
import dev.callwire.server.internal.HubSettings;
import dev.callwire.server.internal.OriginPolicy;
import dev.callwire.server.internal.RuntimeOptions;
import dev.callwire.server.internal.ServerRuntime;
import dev.callwire.server.internal.cluster.ClusterConfig;
import dev.callwire.server.internal.cluster.RedisCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The Callwire signaling server: rooms, peer ids and message relay for the signaling protocol
 * (version 1), reachable over raw WebSocket and socket.io v4 on one HTTP port, which also serves
 * static files and a health check.
 *
 * <pre>{@code
 * try (SignalingServer server = SignalingServer.builder().port(8080).build()) {
 *     server.start();                       // returns once the port is bound
 *     URI ws = server.webSocketUri();       // ws://127.0.0.1:8080/ws
 *     URI io = server.socketIoUri();        // socketio+http://127.0.0.1:8080
 *     ...
 * }
 * }</pre>
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code /ws}: raw WebSocket, one JSON envelope per text frame;</li>
 *   <li>{@code /socket.io/}: socket.io v4 (polling and websocket); every envelope is the single
 *       argument of event {@code signal}, both directions;</li>
 *   <li>{@code /healthz}: {@code 200} and a small JSON object;</li>
 *   <li>everything else: static files from {@link Builder#staticDir(Path)}, or by default from the
 *       classpath folder {@code static/} (404 when there is none).</li>
 * </ul>
 * Optionally ({@link Builder#tcpLinePort(int)}), a plain TCP port (no TLS) carries the same protocol as one JSON
 * envelope per {@code \n}-terminated UTF-8 line ({@link #tcpLineUri()}); empty lines are heartbeats.
 * Peers on different transports in the same room see and reach each other.
 *
 * <h2>Behaviour</h2>
 * The server assigns every joiner a fresh random peer id (or, with a valid resume key, the one it asks back),
 * stamps {@code from} on relayed messages, and answers every refused message with an {@code error} whose code is
 * one of the protocol's; a refusal never affects other connections. One connection is in at most one room.
 * Limits, all configurable: messages and joins per connection (token buckets), connections per address,
 * envelopes of 64 KiB ({@code too-large}; WebSocket messages over 80 KiB or unfinished after 10 s close the
 * connection, polling bodies get 413/408), browser origins, room capacity; see {@code docs/production.md}.
 * Optional: join tokens ({@link JoinTokens}), coturn REST credentials in {@code welcome}, TLS ({@link TlsOptions}).
 *
 * <h2>Lifecycle</h2>
 * A server is started at most once; {@link #close()} is idempotent, releases the port and may be
 * followed by a new server on the same port. Instances are thread-safe. Logging goes through SLF4J: joins and
 * leaves at INFO within a budget of lines per second (the rest at DEBUG), names escaped; tokens, secrets and SDP
 * are never logged.
 */
public final class SignalingServer implements AutoCloseable {

    private enum State { NEW, STARTED, CLOSED }

    private final String host;
    private final int requestedPort;
    private final Path staticDir;
    private final int requestedTcpLinePort;
    private final HubSettings settings;
    private final RuntimeOptions options;
    private final ClusterConfig cluster;
    private final Object lifecycle = new Object();
    private State state = State.NEW;
    private ServerRuntime runtime;
    private int port = -1;
    private int tcpLinePort = -1;

    private SignalingServer(Builder builder) {
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.staticDir = builder.staticDir;
        this.requestedTcpLinePort = builder.tcpLinePort;
        AdmissionOptions admission = builder.admission;
        IceOptions ice = builder.ice;
        this.settings = new HubSettings(builder.joinSecret, admission.roomCapacity, admission.ratePerSecond,
                admission.rateBurst, ice.turnSecret, ice.turnUrls, ice.turnTtl, ice.iceServers, builder.clock,
                builder.resumeSecret, admission.joinsPerSecond, admission.joinBurst);
        this.options = new RuntimeOptions(admission.limits, new OriginPolicy(builder.allowedOrigins), builder.tls);
        this.cluster = builder.cluster;
    }

    /** A builder with the defaults: {@code 127.0.0.1}, port 8080, no tokens, no TURN, 50 msg/s burst 100. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving; returns when the server accepts connections.
     *
     * @throws IllegalStateException if this server was already started or closed
     * @throws UncheckedIOException  if the port cannot be bound
     */
    public void start() {
        synchronized (lifecycle) {
            if (state != State.NEW) {
                throw new IllegalStateException("a signaling server can be started only once; it is " + state);
            }
            ServerRuntime created;
            try {
                created = new ServerRuntime(host, requestedPort, settings, staticDir, requestedTcpLinePort, options);
                if (cluster != null) {
                    created.cluster(RedisCluster.create(cluster));
                }
                port = created.start();
                tcpLinePort = created.tcpLinePort();
            } catch (IOException e) {
                state = State.CLOSED;
                throw new UncheckedIOException("cannot serve on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
            } catch (Exception e) {
                state = State.CLOSED;
                throw new IllegalStateException("cannot start the signaling server on " + host + ":" + requestedPort, e);
            }
            runtime = created;
            state = State.STARTED;
        }
    }

    /** The bound port (the actual one when built with port 0). */
    public int port() {
        synchronized (lifecycle) {
            if (port < 0) {
                throw new IllegalStateException("the server has not been started");
            }
            return port;
        }
    }

    /** {@code http://host:port/} ({@code https} with {@link Builder#tls(TlsOptions)}), for static files and {@code /healthz}. */
    public URI httpUri() {
        return ServerUris.of(options.tls() != null ? "https" : "http", host, port(), "/");
    }

    /** {@code ws://host:port/ws} ({@code wss} with TLS), the raw WebSocket endpoint. */
    public URI webSocketUri() {
        return ServerUris.of(options.tls() != null ? "wss" : "ws", host, port(), "/ws");
    }

    /** {@code socketio+http://host:port} ({@code socketio+https} with TLS), the SDK's socket.io scheme. */
    public URI socketIoUri() {
        return ServerUris.of(options.tls() != null ? "socketio+https" : "socketio+http", host, port(), "");
    }

    /** {@code tcpline://host:port}; {@link IllegalStateException} before start or without {@link Builder#tcpLinePort}. */
    public URI tcpLineUri() {
        synchronized (lifecycle) {
            port(); // throws before start
            if (tcpLinePort < 0) {
                throw new IllegalStateException("the TCP line endpoint is disabled; enable it with "
                        + "SignalingServer.builder().tcpLinePort(port)");
            }
        }
        return ServerUris.of("tcpline", host, tcpLinePort, "");
    }

    /** The configured host; a wildcard address is reported as the loopback address in URIs. */
    public String host() {
        return host;
    }

    /** Stops serving and releases the port; connected clients are disconnected. Idempotent; does not throw. */
    @Override
    public void close() {
        ServerRuntime toClose;
        synchronized (lifecycle) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            toClose = runtime;
            runtime = null;
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    @Override
    public String toString() {
        return "SignalingServer[" + host + ":" + (port >= 0 ? port : requestedPort) + ", " + state.name().toLowerCase(Locale.ROOT)
                + (settings.joinSecret() != null ? ", tokens required" : "")
                + (settings.turnSecret() != null ? ", TURN " + settings.turnUrls() : "") + "]";
    }

    /**
     * Configuration of a {@link SignalingServer}. Each setter validates its argument and names the
     * field it rejects; {@link #build()} checks the combination. Not thread-safe.
     */
    public static final class Builder {

        private String host = "127.0.0.1";
        private int port = 8080;
        private String joinSecret;
        private String resumeSecret;
        private final AdmissionOptions admission = new AdmissionOptions();
        private final IceOptions ice = new IceOptions();
        private List<String> allowedOrigins = List.of();
        private TlsOptions tls;
        private Path staticDir;
        private int tcpLinePort = -1;
        private Clock clock = Clock.systemUTC();
        private ClusterConfig cluster;

        private Builder() {
        }

        /** Address to bind; default {@code 127.0.0.1}. Use {@code 0.0.0.0} to accept remote peers. */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host.strip();
            return this;
        }

        /** Port to bind, {@code 0} for an ephemeral one; default 8080. */
        public Builder port(int port) {
            this.port = BuilderChecks.port("port", port);
            return this;
        }

        /**
         * Requires a valid {@link JoinTokens join token} on every {@code join}, signed with this
         * secret; {@code null} (the default) lets anyone join.
         */
        public Builder joinSecret(String joinSecret) {
            this.joinSecret = BuilderChecks.joinSecret(joinSecret);
            return this;
        }

        /**
         * Most peers per room; a join beyond it gets {@code room-full}. Default
         * {@value HubSettings#DEFAULT_ROOM_CAPACITY}, which keeps every {@code welcome} (it lists the room's
         * members) under the protocol's 64 KiB whatever the display names. {@code 0} removes the limit; a join
         * whose {@code welcome} would not fit is then refused with {@code room-full} (around 150 members with the
         * longest names, more with short ones).
         */
        public Builder roomCapacity(int roomCapacity) {
            admission.roomCapacity(roomCapacity);
            return this;
        }

        /**
         * Per-connection token bucket: {@code perSecond} messages sustained, up to {@code burst} at
         * once; excess messages are dropped and answered with {@code rate-limited}. Default 50, 100.
         */
        public Builder rateLimit(double perSecond, int burst) {
            admission.rateLimit(perSecond, burst);
            return this;
        }

        /**
         * coturn's {@code static-auth-secret}: each {@code welcome} then carries a TURN server with
         * REST credentials for the joiner ({@code username = "<unix-expiry>:<peerId>"},
         * {@code credential = base64(HMAC-SHA1(secret, username))}). Needs {@link #turnUrls(List)}.
         */
        public Builder turnSecret(String turnSecret) {
            ice.turnSecret(turnSecret);
            return this;
        }

        /** URLs of the TURN server the credentials are for, e.g. {@code turn:turn.example.com:3478}. */
        public Builder turnUrls(List<String> turnUrls) {
            ice.turnUrls(turnUrls);
            return this;
        }

        /**
         * Lifetime of TURN credentials from the moment of {@code welcome}; default 1 hour. A peer
         * keeps a relay it allocated while the call lasts; the TTL bounds how long leaked credentials work.
         */
        public Builder turnTtl(Duration turnTtl) {
            ice.turnTtl(turnTtl);
            return this;
        }

        /** ICE servers handed out unchanged in every {@code welcome} (e.g. STUN); default none. */
        public Builder iceServers(List<IceServer> iceServers) {
            ice.iceServers(iceServers);
            return this;
        }

        /**
         * Serve static files from this directory instead of the classpath folder {@code static/}: nothing outside
         * it (symbolic links are not followed), no names starting with a dot, no listings.
         */
        public Builder staticDir(Path staticDir) {
            if (staticDir != null && !Files.isDirectory(staticDir)) {
                throw new IllegalArgumentException("staticDir must be a directory, got " + staticDir);
            }
            this.staticDir = staticDir;
            return this;
        }

        /**
         * Also serves the protocol as one JSON envelope per line over plain TCP on this port of the same
         * host ({@code 0} for an ephemeral one; see {@link SignalingServer#tcpLineUri()}). Disabled by default.
         * The endpoint has no TLS: put it behind a TLS-terminating TCP proxy or keep it on a private network.
         */
        public Builder tcpLinePort(int tcpLinePort) {
            this.tcpLinePort = BuilderChecks.port("tcpLinePort", tcpLinePort);
            return this;
        }

        /**
         * Hand out TURN credentials with no {@link #joinSecret(String) join secret}: anyone who can reach the
         * server then gets working relay credentials for the TURN server. Off by default, and
         * {@link #build()} refuses a TURN secret without a join secret unless this is set.
         */
        public Builder allowAnonymousTurn(boolean allow) {
            ice.allowAnonymousTurn = allow;
            return this;
        }

        /**
         * Limits of the TCP line endpoint: at most {@code maxConnections} open at once (more are refused with
         * {@code rate-limited} and closed), and a connection that sends no line for {@code idleTimeout} before
         * joining a room, or takes longer than that for one line, is closed. Default 1,000 and 30 s.
         */
        public Builder tcpLineLimits(int maxConnections, Duration idleTimeout) {
            admission.tcpLineLimits(maxConnections, idleTimeout);
            return this;
        }

        /**
         * Per remote address: at most {@code maxConnections} connections at once ({@code /ws} connections,
         * socket.io sessions and TCP line connections together), and new ones at {@code connectsPerSecond}
         * sustained, {@code burst} at once; others are refused ({@code 429}, or a {@code rate-limited} line).
         * Default 100, 20/s, 50. Raise it for clients behind one large NAT. Loopback addresses get these too
         * unless {@link #loopbackLimits} says otherwise.
         */
        public Builder perIpLimits(int maxConnections, double connectsPerSecond, int burst) {
            admission.perIpLimits(maxConnections, connectsPerSecond, burst);
            return this;
        }

        /**
         * Like {@link #perIpLimits} for loopback addresses only. Behind a reverse proxy on the same host every
         * client arrives from loopback, so size this for all of them (and let the proxy limit each client);
         * tests and benchmarks that open many connections raise it too.
         */
        public Builder loopbackLimits(int maxConnections, double connectsPerSecond, int burst) {
            admission.loopbackLimits(maxConnections, connectsPerSecond, burst);
            return this;
        }

        /**
         * Joins one connection may make: {@code perSecond} sustained, {@code burst} at once; more get
         * {@code rate-limited}. Every join and leave is announced to the whole room, so they are rationed
         * apart from (and far below) other messages. Default 2/s, burst 10.
         */
        public Builder joinRateLimit(double perSecond, int burst) {
            admission.joinRateLimit(perSecond, burst);
            return this;
        }

        /**
         * Browser pages allowed to connect from other origins, e.g. {@code https://app.example.com}; {@code *}
         * for any. Default none: only pages served by this server (same host and port) and clients that send
         * no {@code Origin} (native apps, the SDK) may connect; others get {@code 403}. Cross-origin polling
         * answers never allow credentials.
         */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = BuilderChecks.origins(origins);
            return this;
        }

        /**
         * Serve HTTPS and WSS on the port with this key and certificate; default plain HTTP (TLS at a proxy).
         * The files are read by {@link SignalingServer#start()}, which fails if they are unusable.
         */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Secret under which {@code welcome.resumeKey} is signed (HMAC-SHA256). Servers that share it (the same
         * server after a restart, or behind a load balancer) honour each other's resume keys, so peers keep their
         * ids across a restart. {@code null} (the default): a random secret per server; ids then survive
         * reconnects, not restarts. Never logged.
         */
        public Builder resumeSecret(String resumeSecret) {
            this.resumeSecret = BuilderChecks.resumeSecret(resumeSecret);
            return this;
        }

        /**
         * Shares rooms with every other server built with the same Redis: any instance then serves any room, and
         * clients may connect to any of them (docs/cluster.md). {@code redis://[:password@]host:port[/db]}, or
         * {@code rediss://} for TLS; {@code ?lease-ms=N} sets the liveness lease (default 10,000): the peers of an
         * instance that stops without leaving (killed, partitioned) are announced gone by the others after it.
         * Needs {@code io.lettuce:lettuce-core} on the classpath (the runnable jar has it) and a
         * {@link #resumeSecret(String) resume secret} shared by all instances. {@code null} (the default): one
         * instance alone.
         *
         * @throws IllegalArgumentException if the URI is not a Redis URI or its lease is out of range
         * @throws IllegalStateException    if Lettuce is not on the classpath
         */
        public Builder cluster(URI redis) {
            if (redis == null) {
                this.cluster = null;
                return this;
            }
            ClusterConfig parsed = ClusterConfig.parse(redis);
            BuilderChecks.lettuceAvailable();
            this.cluster = parsed;
            return this;
        }

        /** Clock for token and TURN expiry; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * An unstarted server with this configuration.
         *
         * @throws IllegalStateException if TURN is half configured, or configured without a join secret and
         *                               without {@link #allowAnonymousTurn(boolean)}
         */
        public SignalingServer build() {
            ice.check(joinSecret);
            if (cluster != null && resumeSecret == null) {
                throw new IllegalStateException("cluster needs a resumeSecret shared by all instances: a peer that "
                        + "moves to another instance keeps its id only if that instance can verify its resume key");
            }
            return new SignalingServer(this);
        }
    }
}
