package dev.callwire.server.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, whatever its transport. The {@link Hub} owns its room state (guarded by
 * the hub's lock); outbound messages go through a FIFO outbox drained on an executor.
 *
 * <p>Why an outbox and not a direct write: socket.io's polling transport calls us while holding its
 * per-socket lock and writing to another socket takes that socket's lock, so two peers messaging
 * each other at once could deadlock. Writes therefore never happen on an inbound thread.
 */
abstract class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final AtomicLong IDS = new AtomicLong();

    /** A client that lets this many messages pile up is not reading; it is disconnected. */
    static final int MAX_PENDING = 1024;
    /**
     * ...or this many characters (about twice as many bytes of heap), counting both the outbox and
     * what the transport has accepted but not yet written to the socket. Counting messages alone let
     * one stalled reader hold 1,024 large envelopes, about 64 MiB.
     */
    static final long MAX_PENDING_CHARS = 512 * 1024;

    private final long id = IDS.incrementAndGet();
    private final Queue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong pendingChars = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Executor writer;
    private final TokenBucket rateLimit;

    // Guarded by the hub's lock.
    String room;
    String peerId;
    String name;

    protected Connection(Executor writer, double ratePerSecond, int burst) {
        this.writer = writer;
        this.rateLimit = new TokenBucket(ratePerSecond, burst);
    }

    /** Short label for logs: transport and a process-unique number. */
    final String label() {
        return transportName() + "#" + id;
    }

    /** {@code websocket} or {@code socket.io}. */
    protected abstract String transportName();

    /** Writes one envelope to the transport. Called serially, never on an inbound thread. */
    protected abstract void write(String json) throws Exception;

    /**
     * {@code true} when {@link #write} only queues the envelope in the container: its characters then
     * stay counted against {@link #MAX_PENDING_CHARS} until the transport calls {@link #written(int)}
     * with {@code json.length()}, once, on success or failure, so a stalled reader's container queue
     * counts too. {@code false}: the envelope is off the books when {@code write} returns.
     */
    protected boolean writesAsynchronously() {
        return false;
    }

    /** Reports that {@code chars} characters handed to {@link #write} have left the server (or failed). */
    protected final void written(int chars) {
        pendingChars.addAndGet(-chars);
    }

    /** Closes the transport; the transport then reports the close to the hub. */
    protected abstract void closeTransport();

    /**
     * Called every keepalive interval; a transport without its own heartbeat pings here and closes
     * a connection that has been silent for longer than {@code deadAfterNanos}.
     */
    void keepalive(long nowNanos, long deadAfterNanos) {
    }

    boolean tryAcquire() {
        return rateLimit.tryAcquire();
    }

    /** Queues one envelope; never blocks. */
    final void send(String json) {
        if (closed.get()) {
            return;
        }
        int messages = pending.incrementAndGet();
        long chars = pendingChars.addAndGet(json.length());
        if (messages > MAX_PENDING || chars > MAX_PENDING_CHARS) {
            pending.decrementAndGet();
            pendingChars.addAndGet(-json.length());
            // Not closed inline: the caller holds the hub lock, and closing re-enters the hub.
            if (closed.compareAndSet(false, true)) {
                LOG.warn("Closing {} (peer {}): not reading ({} messages, {} characters unsent)", label(), peerId,
                        messages, chars);
                execute(this::closeTransportQuietly);
            }
            return;
        }
        outbox.add(json);
        if (drainScheduled.compareAndSet(false, true)) {
            execute(this::drain);
        }
    }

    private void execute(Runnable task) {
        try {
            writer.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("Server stopping; dropped output for {}", label()); // nothing will be delivered anyway
        }
    }

    private void drain() {
        while (true) {
            String json;
            while ((json = outbox.poll()) != null) {
                pending.decrementAndGet();
                boolean async = false;
                try {
                    if (!closed.get()) {
                        write(json);
                        async = writesAsynchronously();
                    }
                } catch (Exception e) {
                    LOG.debug("Write to {} failed: {}", label(), e.toString());
                } finally {
                    if (!async) {
                        written(json.length());
                    }
                }
            }
            drainScheduled.set(false);
            if (outbox.isEmpty() || !drainScheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Stops delivering and closes the transport; idempotent. */
    final void close() {
        if (closed.compareAndSet(false, true)) {
            closeTransportQuietly();
        }
    }

    private void closeTransportQuietly() {
        try {
            closeTransport();
        } catch (RuntimeException e) {
            LOG.debug("Closing {} failed: {}", label(), e.toString());
        }
    }

    final boolean isClosed() {
        return closed.get();
    }
}
