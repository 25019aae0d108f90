package dev.callwire.testing;

/**
 * A local server or broker that a test can take away and bring back at the same address, so that clients see
 * a crash and a recovery rather than a different server.
 */
public interface RestartableServer extends AutoCloseable {

    /**
     * Starts the server; after {@link #stop()}, starts it again at the same address.
     *
     * @throws Exception when it cannot listen
     */
    void start() throws Exception;

    /**
     * Takes the server away: its connections drop and new ones fail until {@link #start()}.
     *
     * @throws Exception when it cannot be stopped
     */
    void stop() throws Exception;

    /** Stops the server for good if it runs. */
    @Override
    void close() throws Exception;
}
