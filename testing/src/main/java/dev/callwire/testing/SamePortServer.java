package dev.callwire.testing;

import java.util.function.ToIntFunction;

/**
 * A {@link RestartableServer} made of any server that can be started on a given port: the first start takes a
 * free port, every later start asks for that same port again, so clients find the server where they left it.
 *
 * <pre>{@code
 * SamePortServer<SignalingServer> server = new SamePortServer<>(port -> {
 *     // the same resume secret on every start, so clients keep their peer ids across a restart
 *     SignalingServer s = SignalingServer.builder().host("127.0.0.1").port(port).resumeSecret(secret).build();
 *     s.start();
 *     return s;
 * }, SignalingServer::port);
 * }</pre>
 *
 * @param <S> the server type
 */
public final class SamePortServer<S extends AutoCloseable> implements RestartableServer {

    /**
     * Starts a server.
     *
     * @param <S> the server type
     */
    @FunctionalInterface
    public interface Launcher<S> {
        /**
         * Starts a server listening on {@code port}.
         *
         * @param port the port, 0 for any free one
         * @return the running server
         * @throws Exception when it cannot listen
         */
        S start(int port) throws Exception;
    }

    private final Launcher<S> launcher;
    private final ToIntFunction<S> boundPort;
    private S running;
    private int port;

    /**
     * A server not started yet.
     *
     * @param launcher  starts one on a port
     * @param boundPort the port a started one listens on
     */
    public SamePortServer(Launcher<S> launcher, ToIntFunction<S> boundPort) {
        this.launcher = launcher;
        this.boundPort = boundPort;
    }

    @Override
    public synchronized void start() throws Exception {
        if (running != null) {
            throw new IllegalStateException("already running on port " + port);
        }
        S server = launcher.start(port);
        port = boundPort.applyAsInt(server);
        running = server;
    }

    @Override
    public synchronized void stop() throws Exception {
        if (running != null) {
            S server = running;
            running = null;
            server.close();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /**
     * The running server.
     *
     * @return the server started last
     * @throws IllegalStateException when it is not running
     */
    public synchronized S running() {
        if (running == null) {
            throw new IllegalStateException("not running");
        }
        return running;
    }

    /**
     * The port, kept across restarts.
     *
     * @return the port, 0 before the first start
     */
    public synchronized int port() {
        return port;
    }
}
