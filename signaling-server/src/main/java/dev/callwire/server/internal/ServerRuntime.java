package dev.callwire.server.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running parts of one signaling server: Jetty on one port with raw {@code /ws}, socket.io at
 * {@code /socket.io/} (polling through a servlet, websocket through our own RFC 6455 layer on Jetty's I/O),
 * {@code /healthz} and static files. Not part of the public API; use {@code SignalingServer}.
 */
public final class ServerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);

    /**
     * Largest WebSocket message accepted at all, in bytes (UTF-8 for text). A little
     * over the protocol's 64 KiB so that a merely oversized envelope gets a {@code too-large} answer
     * instead of a dropped connection; it was 1 MiB, which let each connection make the server
     * inflate and hold a megabyte of an unfinished message.
     */
    static final int MAX_MESSAGE_SIZE = 80 * 1024;
    /**
     * Largest polling POST body: one envelope of up to 64 KiB plus room for a client batching a few
     * small packets with it.
     */
    static final int MAX_POLLING_BODY_BYTES = 128 * 1024;
    /** Time a client has to finish a fragmented WebSocket message or to upload a polling POST body. */
    static final Duration UPLOAD_DEADLINE = Duration.ofSeconds(10);
    static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(20);
    /** Each connection's keepalive runs at one of this many ticks per interval (one a second). */
    private static final int KEEPALIVE_TICKS = 20;
    /** How long presence changes wait to be coalesced (see {@link PresenceFanout}). */
    static final Duration PRESENCE_FLUSH = Duration.ofMillis(50);
    static final Duration WEBSOCKET_IDLE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ENGINE_IO_PING_INTERVAL = Duration.ofSeconds(10);
    private static final Duration ENGINE_IO_PING_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Outbox drains are short (a WebSocket send only queues; a polling send answers a parked poll),
     * so a few threads serve thousands of connections.
     */
    private static final int WRITER_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /**
     * Largest size of Jetty's pool. Nothing blocks on its threads (WebSocket and polling I/O is asynchronous, sends
     * only queue, the hub's lock is held for a lookup), so threads beyond a few per core only add context switches
     * and contention: under the server benchmark's saturation Jetty's default pool (up to 200) grew to 225 threads
     * on two cores. Static files are the one blocking write, and they are small.
     */
    static final int JETTY_THREADS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

    private final Hub hub;
    private final Server server;
    private final ServerConnector connector;
    private final EngineIoSessions engineIo;
    private final ScheduledThreadPoolExecutor keepalive;
    /** Drains every connection's outbox; never Jetty's request pool, so busy requests cannot starve delivery. */
    private final ExecutorService writer;
    private final HubSettings settings;
    private final String host;
    /** Port for the optional TCP line endpoint, {@code -1} when disabled. */
    private final int tcpLinePort;
    private volatile TcpLineEndpoint tcpLine;
    private final ConnectionLimits connectionLimits;
    /** One per-address table for every transport: an address's cap counts all its connections together. */
    private final AddressLimits perIp;
    private final boolean tls;

    /**
     * @param staticDir folder of static files, or {@code null} for the classpath folder {@code static/}
     */
    public ServerRuntime(String host, int port, HubSettings settings, Path staticDir) throws IOException {
        this(host, port, settings, staticDir, -1);
    }

    /**
     * @param staticDir   folder of static files, or {@code null} for the classpath folder {@code static/}
     * @param tcpLinePort port of the optional TCP line endpoint on the same host, {@code 0} for an ephemeral one,
     *                    {@code -1} for none
     */
    public ServerRuntime(String host, int port, HubSettings settings, Path staticDir, int tcpLinePort)
            throws IOException {
        this(host, port, settings, staticDir, tcpLinePort, RuntimeOptions.DEFAULTS);
    }

    /**
     * @param staticDir   folder of static files, or {@code null} for the classpath folder {@code static/}
     * @param tcpLinePort port of the optional TCP line endpoint on the same host, {@code 0} for an ephemeral one,
     *                    {@code -1} for none
     * @param options     connection limits, allowed origins and TLS
     * @throws IOException if the TLS key or certificate cannot be read
     */
    public ServerRuntime(String host, int port, HubSettings settings, Path staticDir, int tcpLinePort,
            RuntimeOptions options) throws IOException {
        hub = new Hub(settings);
        this.connectionLimits = options.limits();
        this.perIp = options.limits().newAddressLimits();
        this.tls = options.tls() != null;
        OriginPolicy origins = options.origins();
        this.settings = settings;
        this.host = host;
        this.tcpLinePort = tcpLinePort;

        QueuedThreadPool threads = new QueuedThreadPool(JETTY_THREADS, Math.min(8, JETTY_THREADS));
        threads.setName("callwire-signaling");
        threads.setDaemon(true);
        server = new Server(threads);
        server.setStopTimeout(2_000);
        // The writer and timer threads are created before Jetty's so the constructor can hand them out.
        writer = new ThreadPoolExecutor(WRITER_THREADS, WRITER_THREADS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("callwire-signaling-writer"));
        keepalive = new ScheduledThreadPoolExecutor(1, daemonThreads("callwire-signaling-keepalive"));
        keepalive.setRemoveOnCancelPolicy(true); // fragment deadlines are cancelled by the thousand
        ScheduledExecutorService timer = keepalive;
        // Whole messages are also limited by the TextAssembler (with a deadline); a frame may be a whole message.
        WebSocketTextChannel.Settings webSockets = new WebSocketTextChannel.Settings(MAX_MESSAGE_SIZE,
                UPLOAD_DEADLINE, WEBSOCKET_IDLE_TIMEOUT, Connection.MAX_PENDING, timer);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false); // no "Server: Jetty(...)" telling attackers what to try
        http.setSendXPoweredBy(false);
        engineIo = new EngineIoSessions(writer, ENGINE_IO_PING_INTERVAL, ENGINE_IO_PING_TIMEOUT,
                MAX_POLLING_BODY_BYTES, session -> new SocketIoConnection(hub, session, writer,
                        settings.ratePerSecond(), settings.rateBurst()));
        SocketIoAdmission admission = new SocketIoAdmission(perIp, origins);
        // Connections that start with "GET /ws" or "GET /socket.io/?" are read by DirectWebSocketUpgrade first; it
        // hands everything but a plain, admitted opening handshake (a new socket.io session) on to HTTP/1.1.
        DetectorConnectionFactory directWs = new DetectorConnectionFactory(new DirectWebSocketUpgrade(
                (address, head) -> {
                    if (!origins.allows(head.origin, head.host)
                            || perIp.tryOpen(address) != PerIpLimits.Verdict.ADMITTED) {
                        return null; // Jetty's path answers the refusal (WebSocketUpgrades below)
                    }
                    return head.socketIoQuery == null ? webSocketListener(address)
                            : new EngineIoWebSocketAdapter(engineIo, head.socketIoQuery, admission.slot(address));
                }, webSockets));
        connector = options.tls() == null ? new ServerConnector(server, directWs, new HttpConnectionFactory(http))
                : TlsConnectors.create(server, http, options.tls(), directWs);
        connector.setHost(host);
        connector.setPort(port);
        connector.setReuseAddress(true);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder polling = new ServletHolder("engine.io", new EngineIoServlet(engineIo, MAX_POLLING_BODY_BYTES,
                UPLOAD_DEADLINE, admission));
        polling.setAsyncSupported(true); // long polls park instead of holding a thread (engine.io refuses sync polling)
        context.addServlet(polling, "/socket.io/*");
        context.addServlet(new ServletHolder("healthz", new HealthServlet(hub)), "/healthz");
        Resource statics = staticDir != null
                ? ResourceFactory.of(context).newResource(staticDir)
                : classpathStatics(ResourceFactory.of(context), ServerRuntime.class.getClassLoader());
        if (statics == null || !statics.exists()) {
            LOG.debug("No static files ({} not found)", staticDir != null ? staticDir : "classpath:static/");
        } else {
            LOG.debug("Static files from {}", statics);
            StaticFiles.install(context, statics, staticDir == null);
        }

        // In front of the servlet context, not inside it: an upgrade needs nothing of the servlet machinery, and
        // nothing of the request is kept once the WebSocket is open.
        WebSocketUpgrades upgrades = new WebSocketUpgrades(webSockets, context);
        upgrades.addExact("/ws", (request, response, callback) -> {
            InetAddress address = UpgradeGate.admit(request, response, callback, origins, perIp);
            return address == null ? null : webSocketListener(address);
        });
        upgrades.addFolder("/socket.io/", (request, response, callback) -> {
            String query = request.getHttpURI().getQuery();
            // A new session (no sid) takes a per-address slot, which the session holds until it closes; the
            // upgrade of a polling session is already counted.
            boolean handshake = !UpgradeGate.hasSid(query);
            InetAddress address = handshake ? UpgradeGate.admit(request, response, callback, origins, perIp)
                    : UpgradeGate.checkOrigin(request, response, callback, origins);
            if (address == null) {
                return null;
            }
            return new EngineIoWebSocketAdapter(engineIo, query,
                    handshake ? admission.slot(address) : SocketIoAdmission.NO_SLOT);
        });
        server.setHandler(upgrades);
    }

    /** The hub's side of a new {@code /ws} WebSocket from {@code address}, which holds one of its slots. */
    private WebSocketTextChannel.Listener webSocketListener(InetAddress address) {
        return new RawWebSocketConnection(hub, writer, settings.ratePerSecond(), settings.rateBurst(),
                () -> perIp.release(address));
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The classpath folder {@code static/}. Jars written without directory entries have no
     * resource for the folder itself, so its {@code index.html} locates it too.
     */
    static Resource classpathStatics(ResourceFactory resources, ClassLoader loader) {
        URL folder = loader.getResource("static/");
        try {
            if (folder == null) {
                URL index = loader.getResource("static/index.html");
                folder = index == null ? null : new URL(index, "./");
            }
            if (folder == null) {
                return null;
            }
            Resource statics = resources.newResource(folder.toURI());
            // Inside a jar the class loader's URI (jar:file:/x.jar!/static/) is an alias of the mounted one
            // (jar:file:///x.jar!/static), and Jetty warns at every start of a context based on an alias.
            return statics != null && statics.isAlias() ? resources.newResource(statics.getRealURI()) : statics;
        } catch (MalformedURLException | URISyntaxException e) {
            LOG.warn("Cannot serve the classpath folder static/: {}", e.toString());
            return null;
        }
    }

    /** Shares rooms with other instances (see {@code SignalingServer.Builder#cluster}); call before {@link #start()}. */
    public void cluster(dev.callwire.server.internal.cluster.Cluster cluster) {
        hub.useCluster(java.util.Objects.requireNonNull(cluster, "cluster"));
    }

    /** Binds and starts serving; returns the bound port. */
    public int start() throws Exception {
        try {
            // Before the port opens: the first joins must already see the other instances' members.
            hub.startCluster();
            server.start();
            if (tcpLinePort >= 0) {
                tcpLine = new TcpLineEndpoint(hub, settings, host, tcpLinePort, connectionLimits, perIp);
            }
        } catch (Exception e) {
            closeQuietly();
            throw e;
        }
        long deadAfter = KEEPALIVE_INTERVAL.toNanos() * 5 / 2;
        long tick = KEEPALIVE_INTERVAL.toNanos() / KEEPALIVE_TICKS;
        AtomicLong ticks = new AtomicLong();
        keepalive.scheduleAtFixedRate(() -> hub.keepalive(ticks.getAndIncrement(), KEEPALIVE_TICKS, deadAfter), tick,
                tick, TimeUnit.NANOSECONDS);
        long sweep = engineIo.sweepPeriodMillis();
        keepalive.scheduleAtFixedRate(engineIo::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        keepalive.scheduleWithFixedDelay(hub::flushPresence, PRESENCE_FLUSH.toMillis(), PRESENCE_FLUSH.toMillis(),
                TimeUnit.MILLISECONDS);
        return connector.getLocalPort();
    }

    /** Whether the HTTP port speaks TLS. */
    public boolean isTls() {
        return tls;
    }

    /** The bound port of the TCP line endpoint, or {@code -1} when it is disabled. */
    public int tcpLinePort() {
        TcpLineEndpoint endpoint = tcpLine;
        return endpoint == null ? -1 : endpoint.port();
    }

    /** Stops serving and releases the port. */
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        // Every open WebSocket hears 1001, "going away" (RFC 6455 section 7.4.1), before anything stops. Jetty's
        // graceful stop below then waits for the clients' answers; one that does not answer is cut by Jetty's
        // shutdown idle timeout (1 s; see onReadTimeout), and the stop timeout bounds it all.
        int webSockets = WebSocketTextChannel.closeAll(connector.getConnectedEndPoints(), FrameParser.GOING_AWAY,
                "server stopping");
        LOG.debug("Stopping: closing {} WebSockets", webSockets);
        keepalive.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the signaling server failed", e);
        }
        writer.shutdown();
        TcpLineEndpoint endpoint = tcpLine;
        if (endpoint != null) {
            endpoint.close();
        }
        engineIo.closeAll();
        hub.closeAll();
        hub.closeCluster();
    }
}
