package dev.callwire.server.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, whatever its transport. The {@link Hub} owns its room state (guarded by
 * the hub's lock); outbound messages go through a FIFO outbox.
 *
 * <p>Two ways in: {@link #send} drains the outbox on the writer executor, for callers that hold the hub's
 * lock (a transport's failure callback may re-enter the hub); {@link #sendNow} drains it on the calling
 * thread when no drain is under way, for the relay path, which holds no lock. Transports only queue
 * (the WebSocket's asynchronous send, an engine.io session's buffer), so writing inline costs the relaying thread
 * no wait, and saves a hand-off to another thread per message. Either way, one drain at a time keeps the
 * order, and every message counts against the same bounds until the transport has written it.
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
    // Field updaters, not atomic objects: four objects per connection were ~70 bytes of every idle connection.
    private static final AtomicIntegerFieldUpdater<Connection> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "pending");
    private static final AtomicLongFieldUpdater<Connection> PENDING_CHARS =
            AtomicLongFieldUpdater.newUpdater(Connection.class, "pendingChars");
    private static final AtomicIntegerFieldUpdater<Connection> DRAIN_SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "drainScheduled");
    private static final AtomicIntegerFieldUpdater<Connection> CLOSED =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "closed");
    private volatile int pending;
    private volatile long pendingChars;
    private volatile int drainScheduled; // 0 or 1
    private volatile int closed; // 0 or 1
    private final Executor writer;
    private final TokenBucket rateLimit;

    // Written under the hub's lock; the relay's lock-free path reads them, then checks them in the room directory.
    String room;
    String peerId;
    String name;

    protected Connection(Executor writer, double ratePerSecond, int burst) {
        this.writer = writer;
        this.rateLimit = new TokenBucket(ratePerSecond, burst);
    }

    /** Out of any room (left, detached, or replaced by its resumed self); under the hub's lock. */
    final void clearMembership() {
        room = null;
        peerId = null;
        name = null;
    }

    /** Short label for logs: transport and a process-unique number. */
    final String label() {
        return transportName() + "#" + id;
    }

    /** {@code websocket} or {@code socket.io}. */
    protected abstract String transportName();

    /** Writes one envelope to the transport. Called serially, never under the hub's lock; must not block. */
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
        PENDING_CHARS.addAndGet(this, -chars);
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

    /** Queues one envelope, written on the writer executor; never blocks. Safe under the hub's lock. */
    final void send(String json) {
        if (enqueue(json) && DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
            execute(this::drain);
        }
    }

    /**
     * Writes one envelope on this thread (the transport only queues it) unless another thread is draining, in which
     * case it is queued for that drain. Never under the hub's lock.
     */
    final void sendNow(String json) {
        if (!admit(json)) {
            return;
        }
        if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
            // Nothing queued and nobody draining: the relay path's usual case skips the queue (a node and two
            // atomic operations per message). Anything queued meanwhile by others is written after it, by drain().
            if (outbox.isEmpty()) {
                PENDING.decrementAndGet(this);
                writeOne(json);
            } else {
                outbox.add(json);
            }
            drain();
        } else {
            outbox.add(json);
            if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
                drain(); // the other drain ended between the two checks
            }
        }
    }

    /** Counts and queues one envelope; {@code false} when it was dropped (closed, or the client is not reading). */
    private boolean enqueue(String json) {
        if (!admit(json)) {
            return false;
        }
        outbox.add(json);
        return true;
    }

    /** Counts one envelope against the bounds; {@code false} when it is dropped (closed, or the client is not reading). */
    private boolean admit(String json) {
        if (closed != 0) {
            return false;
        }
        int messages = PENDING.incrementAndGet(this);
        long chars = PENDING_CHARS.addAndGet(this, json.length());
        if (messages > MAX_PENDING || chars > MAX_PENDING_CHARS) {
            PENDING.decrementAndGet(this);
            PENDING_CHARS.addAndGet(this, -json.length());
            // Not closed inline: the caller holds the hub lock, and closing re-enters the hub.
            if (CLOSED.compareAndSet(this, 0, 1)) {
                LOG.warn("Closing {} (peer {}): not reading ({} messages, {} characters unsent)", label(), peerId,
                        messages, chars);
                execute(this::closeTransportQuietly);
            }
            return false;
        }
        return true;
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
                PENDING.decrementAndGet(this);
                writeOne(json);
            }
            drainScheduled = 0;
            if (outbox.isEmpty() || !DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
                return;
            }
        }
    }

    /** Writes one envelope that left the outbox's message count; only by the thread holding the drain. */
    private void writeOne(String json) {
        boolean async = false;
        try {
            if (closed == 0) {
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

    /** Stops delivering and closes the transport; idempotent. */
    final void close() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
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
        return closed != 0;
    }
}
