package dev.callwire.server.internal;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of the optional TCP line transport (see {@link TcpLineConnection}): one accept thread,
 * then one reader thread per connection; writes use the same pool. Everything ends on {@link #close()},
 * which releases the port so that a new server can bind it at once.
 *
 * <p>Thread per connection is bounded, not unbounded: at most {@link ConnectionLimits#tcpLineMaxConnections()}
 * connections are served (so at most about twice that many threads: a reader and a writer each), one remote
 * address gets at most {@link ConnectionLimits#maxConnectionsPerIp()} of them at the pace of its token bucket,
 * and a connection that stays silent without joining a room is closed after the idle timeout. A refused
 * connection gets one {@code rate-limited} error line and is closed at once, on the accept thread, so a flood
 * never queues work.
 */
final class TcpLineEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpLineEndpoint.class);

    private final Hub hub;
    private final HubSettings settings;
    private final ServerSocket serverSocket;
    private final ExecutorService threads;
    private final Set<TcpLineConnection> open = ConcurrentHashMap.newKeySet();
    private final ConnectionLimits limits;
    private final AddressLimits perIp;
    /** Connections accepted and not yet ended; counted at accept so that a flood cannot overshoot the cap. */
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile boolean closed;

    /** Binds {@code host:port} ({@code 0} for an ephemeral port) and starts accepting. */
    TcpLineEndpoint(Hub hub, HubSettings settings, String host, int port) throws IOException {
        this(hub, settings, host, port, ConnectionLimits.DEFAULTS, ConnectionLimits.DEFAULTS.newAddressLimits());
    }

    /**
     * Binds {@code host:port} ({@code 0} for an ephemeral port) and starts accepting within {@code limits};
     * {@code perIp} is shared with the server's other transports.
     */
    TcpLineEndpoint(Hub hub, HubSettings settings, String host, int port, ConnectionLimits limits,
            AddressLimits perIp) throws IOException {
        this.hub = hub;
        this.settings = settings;
        this.limits = limits;
        this.perIp = perIp;
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(1, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "callwire-tcp-line-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            socket.close();
            threads.shutdownNow();
            throw e;
        }
        this.serverSocket = socket;
        threads.execute(this::acceptLoop);
        LOG.debug("TCP line endpoint on {}:{}", host, socket.getLocalPort());
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                LOG.warn("Accepting a TCP line connection failed: {}", e.toString());
                continue;
            }
            InetAddress address = socket.getInetAddress();
            if (active.incrementAndGet() > limits.tcpLineMaxConnections()) {
                active.decrementAndGet();
                refuse(socket, address, "the server is at its limit of " + limits.tcpLineMaxConnections()
                        + " TCP line connections");
                continue;
            }
            PerIpLimits.Verdict verdict = perIp.tryOpen(address);
            if (verdict != PerIpLimits.Verdict.ADMITTED) {
                active.decrementAndGet();
                refuse(socket, address, perIp.describe(verdict, address));
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                TcpLineConnection connection = new TcpLineConnection(hub, socket, threads, settings.ratePerSecond(),
                        settings.rateBurst(), limits.tcpLineIdleTimeout());
                threads.execute(() -> serve(connection, address));
            } catch (IOException | RejectedExecutionException e) {
                LOG.debug("Dropping a TCP line connection from {}: {}", address, e.toString());
                closeQuietly(socket);
                perIp.release(address);
                active.decrementAndGet();
            }
        }
    }

    /**
     * Tells the client why and closes at once. The line is a few hundred bytes into an empty send buffer, so
     * it cannot block the accept thread. Logged at WARN once per 1,000 refusals: a flood must not flood the log.
     */
    private void refuse(Socket socket, InetAddress address, String why) {
        int count = refusals.incrementAndGet();
        if (count % 1_000 == 1) {
            LOG.warn("Refusing TCP line connections, e.g. from {}: {} ({} refused so far)", address, why, count);
        } else {
            LOG.debug("Refusing a TCP line connection from {}: {}", address, why);
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write((ProtocolCodec.encode(new ErrorMessage(null, ProtocolError.RATE_LIMITED, why, null)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            LOG.debug("Could not tell {} why it was refused: {}", address, e.toString());
        }
        closeQuietly(socket);
    }

    private void serve(TcpLineConnection connection, InetAddress address) {
        open.add(connection);
        try {
            if (closed) {
                connection.close();
            }
            connection.readLoop();
        } finally {
            open.remove(connection);
            perIp.release(address);
            active.decrementAndGet();
        }
    }

    /** Connections being served now. */
    int activeConnections() {
        return active.get();
    }

    /** Stops accepting, releases the port and closes every connection; its threads then end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        for (TcpLineConnection connection : open) {
            connection.close();
        }
        threads.shutdown();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing failed: {}", e.toString());
        }
    }
}
