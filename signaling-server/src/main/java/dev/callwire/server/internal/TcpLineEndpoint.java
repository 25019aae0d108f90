package dev.callwire.server.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
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
 */
final class TcpLineEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpLineEndpoint.class);

    private final Hub hub;
    private final HubSettings settings;
    private final ServerSocket serverSocket;
    private final ExecutorService threads;
    private final Set<TcpLineConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Binds {@code host:port} ({@code 0} for an ephemeral port) and starts accepting. */
    TcpLineEndpoint(Hub hub, HubSettings settings, String host, int port) throws IOException {
        this.hub = hub;
        this.settings = settings;
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
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                TcpLineConnection connection = new TcpLineConnection(hub, socket, threads, settings.ratePerSecond(),
                        settings.rateBurst());
                threads.execute(() -> serve(connection));
            } catch (IOException | RejectedExecutionException e) {
                LOG.debug("Dropping a TCP line connection: {}", e.toString());
                closeQuietly(socket);
            }
        }
    }

    private void serve(TcpLineConnection connection) {
        open.add(connection);
        try {
            if (closed) {
                connection.close();
            }
            connection.readLoop();
        } finally {
            open.remove(connection);
        }
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
