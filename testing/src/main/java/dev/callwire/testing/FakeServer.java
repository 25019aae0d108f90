package dev.callwire.testing;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Welcome;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * A stand-in for a transport's server on a real 127.0.0.1 port, speaking that transport's wire: it records
 * every envelope it receives, answers {@code join} with {@code welcome} (giving back the id asked to resume),
 * and can refuse handshakes, drop connections and restart on the same port. This class keeps what every wire
 * shares (the port, refusals, handshake count, connections, peer ids, restarts); a subclass listens and
 * speaks the wire. {@link FakeServerTransportContract} runs a transport against it.
 *
 * @param <C> the server end of one connection
 */
public abstract class FakeServer<C extends FakeServer.Connection> implements RestartableServer {

    /** The server end of one connection, in the terms of the protocol rather than of the wire. */
    public interface Connection {

        /**
         * What the client sent on this connection.
         *
         * @return every envelope, decoded, in arrival order
         */
        List<Message> messages();

        /**
         * Sends one envelope to the client.
         *
         * @param message the envelope
         */
        void send(Message message);

        /**
         * Sends what the transport's decoding must drop without closing the connection: text that is not
         * JSON, an unknown type, a wrong version, a bad field, in this wire's framing.
         */
        void sendUndecodable();

        /** Closes the connection from the server's side without a goodbye, as a server going away would. */
        void drop();

        /**
         * Whether the connection is still open.
         *
         * @return {@code true} until either side closed it or it failed
         */
        boolean isOpen();

        /**
         * Whether the client ended this connection with the wire's clean goodbye, after everything it sent.
         *
         * @return {@code true} once the goodbye arrived
         */
        boolean saidGoodbye();
    }

    private final List<C> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger peerIds = new AtomicInteger();
    private final AtomicInteger keysIssued = new AtomicInteger();
    private volatile int refuseWith;
    private int port;

    /**
     * Starts listening on {@code port} of 127.0.0.1.
     *
     * @param port the port, always the same one
     * @throws IOException when it cannot listen
     */
    protected abstract void listen(int port) throws IOException;

    /**
     * Stops listening. Connections already upgraded may live on; {@link #stop()} drops them.
     *
     * @throws IOException when it cannot stop
     */
    protected abstract void stopListening() throws IOException;

    /**
     * Where a transport reaches this server.
     *
     * @param port the port it listens on
     * @return the URI in the transport's scheme
     */
    protected abstract URI uri(int port);

    /**
     * Where a transport reaches this server, the same across restarts.
     *
     * @return the URI in the transport's scheme
     */
    public final URI uri() {
        return uri(port);
    }

    @Override
    public final synchronized void start() throws IOException {
        if (port == 0) {
            // A fixed port from the start: restarts need it, and some servers (OkHttp's MockWebServer) set
            // SO_REUSEADDR only when given a port.
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = probe.getLocalPort();
            }
        }
        listen(port);
    }

    /** Stops listening and drops every open connection, as a crashing server would. */
    @Override
    public final void stop() throws IOException {
        stopListening();
        for (C connection : connections) {
            if (connection.isOpen()) {
                connection.drop();
            }
        }
    }

    /**
     * Stops, then listens again on the same port.
     *
     * @throws IOException when it cannot stop
     */
    public final void restart() throws IOException {
        stop();
        // The old listening socket may take a moment to let go of the port.
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreException(BindException.class).until(() -> {
            start();
            return true;
        });
    }

    /** Stops listening; connections are left to the transports under test to close. */
    @Override
    public void close() throws IOException {
        stopListening();
    }

    /**
     * From now on, refuses every handshake with an HTTP status, until {@link #acceptHandshakes()}.
     *
     * @param httpStatus e.g. 503 (try again) or 404 (wrong address)
     */
    public final void refuseHandshakes(int httpStatus) {
        refuseWith = httpStatus;
    }

    /** From now on, accepts handshakes again. */
    public final void acceptHandshakes() {
        refuseWith = 0;
    }

    /**
     * Counts a handshake and says how to answer it; the subclass calls this for each one.
     *
     * @return the HTTP status to refuse it with, or 0 to accept it
     */
    protected final int handshake() {
        handshakes.incrementAndGet();
        return refuseWith;
    }

    /**
     * Records a connection the subclass accepted.
     *
     * @param connection its server end
     * @return {@code connection}
     */
    protected final C accepted(C connection) {
        connections.add(connection);
        return connection;
    }

    /**
     * The answer to {@code join}: the peer id asked to resume when a resume key comes with it, or a new one
     * ({@code p1}, {@code p2}, ...). Each welcome carries a new resume key, {@code k<n>-<id>} with {@code n}
     * counting the welcomes across restarts, so a test can tell which welcome a client took its key from.
     *
     * @param join what the client sent
     * @return the welcome to send back
     */
    protected final Welcome welcome(Join join) {
        String self = join.resume() != null && join.resumeKey() != null ? join.resume()
                : "p" + peerIds.incrementAndGet();
        return new Welcome(join.room(), self, List.of(), List.of(), "k" + keysIssued.incrementAndGet() + "-" + self);
    }

    /**
     * Handshakes seen by this server, accepted or refused, across restarts.
     *
     * @return the count
     */
    public final int handshakeCount() {
        return handshakes.get();
    }

    /**
     * Accepted connections, across restarts.
     *
     * @return the server ends, in the order they were accepted
     */
    public final List<C> connections() {
        return List.copyOf(connections);
    }

    /**
     * One accepted connection.
     *
     * @param index 0 for the first, across restarts
     * @return its server end
     */
    public final C connection(int index) {
        return connections.get(index);
    }
}
