package dev.callwire.spi.support;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolException;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The part of the {@link SignalingTransport} contract that does not depend on the wire: states, the bounded
 * queue, reconnection with exponential backoff, re-joining with the last peer id and its resume key (from the
 * last {@code welcome}), serialised listener calls
 * and a graceful, bounded close. A subclass opens, writes to and closes one connection at a time.
 *
 * <h2>Threads and locking</h2>
 * All fields are guarded by {@code this}. Listener calls and timers run on one daemon thread per transport
 * (a {@link SerialLoop}), which ends once the transport is closed and its connection has gone. Reconnection
 * waits follow a {@link Backoff} built from the {@link TransportOptions}. Subclass callbacks
 * ({@link #opened}, {@link #received}, {@link #dropped}, {@link #terminated}) may come from any thread; they
 * name the connection they are about, and callbacks of a connection that is no longer current are ignored.
 * Hooks ({@link #begin}, {@link #write}, {@link #closeGracefully}, {@link #discard}) are called with the lock
 * held and must not block.
 *
 * <p>The WebSocket and socket.io transports of this project are built on it; a plugin author whose wire
 * carries whole text envelopes over one connection at a time can be too (see {@code docs/transport-plugins.md}).
 *
 * @param <C> one connection attempt
 */
public abstract class ReconnectingTransport<C> implements SignalingTransport {

    /** How long a graceful close may take before the connection is cancelled and threads are released. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    /** The subclass's logger; this class logs through it too, so one logger names the transport. Never null. */
    protected final Logger log;
    /** The options this transport was made with: connect timeout, backoff, queue bound. Never null. */
    protected final TransportOptions options;
    private final String description;
    private final SerialLoop loop;
    private final Backoff backoff;

    private final ListenerLane lane;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private boolean closing;
    private boolean released;
    /** The attempt under way (not yet open), or {@code null}. */
    private C pending;
    /** The open connection while {@link ConnectionState#CONNECTED}, or {@code null}. */
    private C connection;
    /** The connection being closed gracefully by {@link #close()}, or {@code null}. */
    private C closingConnection;
    private final OutboundQueue queue;
    private final RejoinMemory rejoin = new RejoinMemory();
    /** The connect timeout, the reconnection wait or the close bound, whichever is pending; never {@code null}. */
    private final PendingTimer timer;
    /**
     * Sets up the transport without connecting and without I/O; the loop thread starts with the first task.
     *
     * @param log         the logger to use, never {@code null}
     * @param options     timeouts, backoff and queue bound, never {@code null}
     * @param description what is connected to, for log lines (e.g. the redacted URI); never a secret
     * @param threadName  name of the loop thread, e.g. {@code callwire-ws-1}
     */
    protected ReconnectingTransport(Logger log, TransportOptions options, String description, String threadName) {
        this.log = log;
        this.options = options;
        this.description = description;
        this.loop = new SerialLoop(threadName, e -> log.warn("{} a transport listener or timer failed", context(), e));
        this.backoff = new Backoff(options);
        this.lane = new ListenerLane(loop);
        this.timer = new PendingTimer(loop);
        this.queue = new OutboundQueue(options.maxQueuedMessages());
    }

    // ---- hooks ----

    /**
     * Makes the handle of a new connection attempt; does no I/O. Called with the lock held.
     *
     * @return a new handle, never {@code null}, distinct from every earlier one
     */
    protected abstract C newConnection();

    /**
     * Starts connecting {@code c} without blocking; reports later, from any thread, with {@link #opened},
     * {@link #dropped} and {@link #terminated}. A {@code RuntimeException} thrown here counts as a failed attempt.
     *
     * @param c the handle just made by {@link #newConnection()}
     */
    protected abstract void begin(C c);

    /**
     * Writes one envelope on an open connection without blocking. On {@code false} the message is kept
     * for the next connection, and the subclass must report the connection's end with {@link #dropped}.
     *
     * @param c    the open connection
     * @param text one encoded protocol envelope, never {@code null}
     * @return {@code true} if written or buffered by the connection, {@code false} if the connection is going away
     */
    protected abstract boolean write(C c, String text);

    /**
     * Closes an open connection after what was written, then reports {@link #terminated}. If that report
     * has not come within two seconds, {@link #discard} is called and resources are released anyway.
     *
     * @param c the connection that was open when the transport was closed
     */
    protected abstract void closeGracefully(C c);

    /**
     * Drops a connection or attempt at once; anything it reports afterwards is ignored. May be called more
     * than once for one connection, and for one that never opened.
     *
     * @param c the connection or attempt to drop
     */
    protected abstract void discard(C c);

    /** Frees what the transport holds (thread pools, clients) once closed. Called once. */
    protected abstract void releaseResources();

    // ---- SignalingTransport ----

    @Override
    public final void start(Listener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (lane.attached() || closing) {
                throw new IllegalStateException(closing ? "transport is closed" : "transport already started");
            }
            lane.attach(listener);
            deliver(ConnectionState.CONNECTING, null);
            connectNow();
        }
    }

    @Override
    public final boolean send(Message message) {
        java.util.Objects.requireNonNull(message, "message");
        String text;
        try {
            text = ProtocolCodec.encode(message);
        } catch (ProtocolException e) {
            log.warn("{} not sending {}: {}", context(), LogSafe.describe(message), e.getMessage());
            return false;
        }
        synchronized (this) {
            if (closing) {
                log.debug("{} closed, not sending {}", context(), LogSafe.describe(message));
                return false;
            }
            rejoin.noteRoom(message);
            if (connection != null && queue.isEmpty()) {
                if (write(connection, text)) {
                    carried(message);
                    return true;
                }
                // The connection is going away; its drop will be reported. Keep the message for the next one.
            }
            if (!queue.offer(message, text)) {
                log.warn("{} send queue full ({} messages), refusing {}", context(), queue.size(), LogSafe.describe(message));
                return false;
            }
            log.debug("{} queued {} while {}", context(), LogSafe.describe(message), state);
            return true;
        }
    }

    @Override
    public final ConnectionState state() {
        return state;
    }

    @Override
    public final void close() {
        shutDown(null);
    }

    /** Drops an open connection and reconnects after the shortest backoff; a wait for the next attempt ends now. */
    @Override
    public final void networkChanged() {
        synchronized (this) {
            if (closing || !lane.attached()) {
                return;
            }
            backoff.reset();
            if (connection != null) {
                log.info("{} network changed; reconnecting at once", context());
                dropped(connection, new java.net.SocketException("the host's network changed"), false);
            } else if (pending == null) {
                timer.cancel();
                connectNow();
            }
        }
    }

    // ---- subclass callbacks ----

    /**
     * Reports that {@code c} is open and can carry messages: the last {@code join} is re-sent, the queue
     * flushed, and {@code CONNECTED} reported. Ignored (and {@code c} discarded) if {@code c} is not the
     * current attempt. Any thread.
     *
     * @param c the connection that opened
     */
    protected final void opened(C c) {
        synchronized (this) {
            if (c != pending || closing) {
                discard(c);
                return;
            }
            timer.cancel();
            pending = null;
            connection = c;
            backoff.reset();
            Join join = rejoin.rejoin();
            if (join != null) {
                log.info("{} re-joining after reconnect", context());
                if (!writeNow(c, join)) {
                    return; // dropped again already; the drop is being reported
                }
            }
            boolean flushed = queue.drainTo(next -> {
                if (!write(c, next.text())) {
                    return false;
                }
                carried(next.message());
                return true;
            });
            if (!flushed) {
                return; // dropped again; the rest waits for the next connection
            }
            log.info("{} connected to {}", context(), description);
            state = ConnectionState.CONNECTED;
            deliver(ConnectionState.CONNECTED, null);
        }
    }

    /**
     * Reports one inbound envelope on {@code c}. It is decoded and handed to the listener on the loop
     * thread; malformed text is logged (without its content) and dropped. Ignored if {@code c} is not the
     * current connection. Any thread; call it in the order envelopes arrived.
     *
     * @param c    the connection it arrived on
     * @param text the envelope, never {@code null}
     */
    protected final void received(C c, String text) {
        Message message;
        try {
            message = ProtocolCodec.decode(text);
        } catch (ProtocolException e) {
            // Never log the text itself: it may carry SDP or candidates.
            log.warn("{} dropping a malformed inbound message ({}): {}", context(), e.error().wireName(),
                    e.getMessage());
            return;
        }
        synchronized (this) {
            if (c != connection || closing) {
                return;
            }
            if (message instanceof Welcome welcome) {
                rejoin.welcomed(welcome);
            }
            if (log.isDebugEnabled()) {
                log.debug("{} <- {}", context(), LogSafe.describe(message));
            }
            lane.message(message);
        }
    }

    /**
     * Reports that {@code c} dropped or could not be opened: the transport reconnects with backoff (reporting
     * {@code RECONNECTING} if it was connected). Ignored if {@code c} is neither the current connection nor the
     * current attempt. Any thread.
     *
     * @param c     the connection or attempt that ended
     * @param cause why, for the log and the listener; may be {@code null}
     * @param fatal the server refused this client in a way retrying cannot fix (e.g. HTTP 404 on the first
     *              attempt); the transport gives up if it has never connected
     */
    protected final void dropped(C c, Throwable cause, boolean fatal) {
        synchronized (this) {
            boolean wasOpen;
            if (c == connection && c != null) {
                connection = null;
                wasOpen = true;
            } else if (c == pending && c != null) {
                pending = null;
                timer.cancel();
                wasOpen = false;
            } else {
                return;
            }
            discard(c);
            if (closing) {
                return;
            }
            if (fatal && !rejoin.hasJoined() && state == ConnectionState.CONNECTING) {
                log.warn("{} giving up on {}: {}", context(), description, LogSafe.cause(cause));
                shutDown(cause);
                return;
            }
            if (state == ConnectionState.CONNECTED) {
                state = ConnectionState.RECONNECTING;
                log.info("{} connection to {} lost ({}), reconnecting", context(), description, LogSafe.cause(cause));
                deliver(ConnectionState.RECONNECTING, cause);
            } else {
                log.debug("{} connection attempt to {} failed{} ({} in a row): {}", context(), description,
                        wasOpen ? " after opening" : "", backoff.failures() + 1, LogSafe.cause(cause));
            }
            timer.set(this::connectNow, backoff.next());
        }
    }

    /**
     * Reports that {@code c} is fully gone: after a graceful close, the transport's resources are released.
     * Ignored for any connection but the one being closed. Any thread.
     *
     * @param c the connection that is gone
     */
    protected final void terminated(C c) {
        synchronized (this) {
            if (c != null && c == closingConnection) {
                closingConnection = null;
                release();
            }
        }
    }

    // ---- internals (lock held) ----

    private void connectNow() {
        synchronized (this) {
            timer.fired();
            if (closing) {
                return;
            }
            C c = newConnection();
            pending = c;
            timer.set(() -> {
                synchronized (this) {
                    if (pending == c) {
                        timer.fired();
                        dropped(c, new java.net.SocketTimeoutException("no connection within "
                                + options.connectTimeout().toMillis() + " ms"), false);
                    }
                }
            }, options.connectTimeout());
            try {
                begin(c);
            } catch (RuntimeException e) {
                dropped(c, e, false);
            }
        }
    }

    private void shutDown(Throwable cause) {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            timer.cancel();
            if (pending != null) {
                discard(pending);
                pending = null;
            }
            int unsent = queue.clear();
            if (unsent > 0) {
                log.debug("{} closing while disconnected: {} queued message(s) not sent", context(), unsent);
            }
            state = ConnectionState.CLOSED;
            if (cause == null) {
                log.info("{} closed", context());
            }
            deliver(ConnectionState.CLOSED, cause);
            if (connection != null) {
                C c = connection;
                closingConnection = c;
                connection = null;
                closeGracefully(c);
                if (closingConnection != c) {
                    return; // already gone
                }
                timer.set(() -> {
                    synchronized (this) {
                        if (closingConnection == c) {
                            log.debug("{} graceful close took longer than {} ms, cancelling", context(),
                                    CLOSE_GRACE.toMillis());
                            discard(c);
                            closingConnection = null;
                            release();
                        }
                    }
                }, CLOSE_GRACE);
            } else {
                release();
            }
        }
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        timer.cancel();
        try {
            releaseResources();
        } catch (RuntimeException e) {
            log.warn("{} releasing resources failed", context(), e);
        }
        loop.shutdown(); // runs the listener calls already posted, then its thread ends
    }

    private boolean writeNow(C c, Message message) {
        if (write(c, ProtocolCodec.encode(message))) {
            carried(message);
            return true;
        }
        return false;
    }

    private void carried(Message message) {
        rejoin.carried(message);
        if (log.isDebugEnabled()) {
            log.debug("{} -> {}", context(), LogSafe.describe(message));
        }
    }

    private void deliver(ConnectionState newState, Throwable cause) {
        lane.state(newState, cause);
    }

    /**
     * For log lines: room and peer id, never tokens.
     *
     * @return e.g. {@code [room lobby as p-1]}, or {@code [room ?]} before the first {@code join}; never {@code null}
     */
    protected final String context() {
        return rejoin.context();
    }
}
