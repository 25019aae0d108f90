package dev.callwire.spi.support;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signaling transport over several endpoints of one signaling cluster, used one at a time: when the current
 * transport loses its server (it reports {@code RECONNECTING} or gives up), or cannot connect within the connect
 * timeout, this moves to the next endpoint (after the last, back to the first) and re-joins there with the peer
 * id and resume key of the last {@code welcome}, so that the other peers see the same peer, not a new one.
 *
 * <p>Why a wrapper and not a list inside {@link ReconnectingTransport}: it works for every transport, built on
 * that class or not, without changing how any of them connects.
 *
 * <p>Threads: inner transports call back from their own threads; this object's lock orders those callbacks,
 * and the caller's listener is called on one loop thread of this transport.
 */
public final class FailoverTransport implements SignalingTransport {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverTransport.class);
    private static final Future<?> NO_TIMER = CompletableFuture.completedFuture(null);

    private final List<URI> uris;
    private final Function<URI, SignalingTransport> factory;
    private final TransportOptions options;
    private final SerialLoop loop;
    private final Backoff backoff;
    private final RejoinMemory rejoin = new RejoinMemory();
    private final ArrayDeque<Message> waiting = new ArrayDeque<>();

    private Listener listener;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private boolean closing;
    private SignalingTransport current;
    private boolean currentConnected;
    private int index = -1;
    /** Which inner transport callbacks are current; a callback of a replaced one is ignored. */
    private int generation;
    private Future<?> timer = NO_TIMER;

    private FailoverTransport(List<URI> uris, Function<URI, SignalingTransport> factory, TransportOptions options) {
        this.uris = uris;
        this.factory = factory;
        this.options = options;
        this.loop = new SerialLoop("callwire-failover", e -> LOG.warn("{} a transport listener failed", rejoin.context(), e));
        this.backoff = new Backoff(options);
    }

    /**
     * A transport over {@code uris} in order; with one URI simply {@code factory.apply(uri)}.
     *
     * @param uris    one or more endpoints, first preferred
     * @param factory makes the transport for one endpoint (e.g. through its provider); called again on every move
     * @param options the connect timeout bounds how long one endpoint may take to connect; backoff spaces out
     *                rounds in which no endpoint connected
     * @return the transport, not started
     * @throws IllegalArgumentException if {@code uris} is empty
     */
    public static SignalingTransport over(List<URI> uris, Function<URI, SignalingTransport> factory,
            TransportOptions options) {
        List<URI> copy = List.copyOf(uris);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one signaling URI is needed");
        }
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        if (copy.size() == 1) {
            return factory.apply(copy.get(0));
        }
        return new FailoverTransport(copy, factory, options);
    }

    @Override
    public void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (this.listener != null || closing) {
                throw new IllegalStateException(closing ? "transport is closed" : "transport already started");
            }
            this.listener = listener;
            deliver(ConnectionState.CONNECTING, null);
            open(0);
        }
    }

    @Override
    public boolean send(Message message) {
        Objects.requireNonNull(message, "message");
        synchronized (this) {
            if (closing) {
                return false;
            }
            rejoin.noteRoom(message);
            if (current == null) {
                if (waiting.size() >= options.maxQueuedMessages()) {
                    return false;
                }
                waiting.add(message);
                rejoin.carried(message);
                return true;
            }
            boolean accepted = current.send(message);
            if (accepted) {
                rejoin.carried(message);
            }
            return accepted;
        }
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            cancelTimer();
            waiting.clear();
            if (current != null) {
                current.close();
                current = null;
            }
            state = ConnectionState.CLOSED;
            deliver(ConnectionState.CLOSED, null);
            loop.shutdown();
        }
    }

    // ---- lock held ----

    private void open(int next) {
        timer = NO_TIMER;
        if (closing) {
            return;
        }
        index = next;
        int mine = ++generation;
        currentConnected = false;
        URI uri = uris.get(next);
        SignalingTransport made;
        try {
            made = factory.apply(uri);
            made.start(new Inner(mine));
        } catch (RuntimeException e) {
            LOG.warn("{} cannot use signaling endpoint {}: {}", rejoin.context(), Redactor.redact(uri), e.toString());
            moveOn(e);
            return;
        }
        current = made;
        Join join = rejoin.rejoin();
        if (join != null && waiting.stream().noneMatch(m -> m instanceof Join)) {
            LOG.info("{} re-joining through signaling endpoint {}", rejoin.context(), Redactor.redact(uri));
            made.send(join);
        }
        while (!waiting.isEmpty()) {
            made.send(waiting.poll());
        }
        timer = loop.schedule(() -> {
            synchronized (this) {
                if (generation == mine && !currentConnected) {
                    moveOn(new java.net.SocketTimeoutException("no connection to " + Redactor.redact(uri) + " within "
                            + options.connectTimeout().toMillis() + " ms"));
                }
            }
        }, options.connectTimeout());
    }

    /** Gives up the current endpoint and opens the next one: at once after a loss, with backoff after a failure. */
    private void moveOn(Throwable cause) {
        if (closing) {
            return;
        }
        cancelTimer();
        boolean wasConnected = currentConnected;
        generation++;
        if (current != null) {
            current.close();
            current = null;
        }
        currentConnected = false;
        if (state == ConnectionState.CONNECTED) {
            state = ConnectionState.RECONNECTING;
            deliver(ConnectionState.RECONNECTING, cause);
        }
        int next = (index + 1) % uris.size();
        // After a server was lost its neighbour is tried at once; a round of endpoints that all failed waits.
        Duration delay = wasConnected ? Duration.ZERO : next == 0 ? backoff.next() : Duration.ZERO;
        LOG.info("{} leaving signaling endpoint {} ({}); next: {}", rejoin.context(), Redactor.redact(uris.get(index)),
                cause == null ? "closed" : cause.getMessage(), Redactor.redact(uris.get(next)));
        timer = loop.schedule(() -> {
            synchronized (this) {
                open(next);
            }
        }, delay);
    }

    private void cancelTimer() {
        timer.cancel(false);
        timer = NO_TIMER;
    }

    private void deliver(ConnectionState newState, Throwable cause) {
        Listener l = listener;
        loop.execute(() -> l.onStateChanged(newState, cause));
    }

    /** Callbacks of the inner transport of one generation. */
    private final class Inner implements Listener {
        private final int mine;

        Inner(int mine) {
            this.mine = mine;
        }

        @Override
        public void onMessage(Message message) {
            synchronized (FailoverTransport.this) {
                if (mine != generation || closing) {
                    return;
                }
                if (message instanceof Welcome welcome) {
                    rejoin.welcomed(welcome);
                }
                Listener l = listener;
                loop.execute(() -> l.onMessage(message));
            }
        }

        @Override
        public void onStateChanged(ConnectionState innerState, Throwable cause) {
            synchronized (FailoverTransport.this) {
                if (mine != generation || closing) {
                    return;
                }
                switch (innerState) {
                    case CONNECTED -> {
                        cancelTimer();
                        currentConnected = true;
                        backoff.reset();
                        if (state != ConnectionState.CONNECTED) {
                            state = ConnectionState.CONNECTED;
                            LOG.info("{} connected through signaling endpoint {}", rejoin.context(),
                                    Redactor.redact(uris.get(index)));
                            deliver(ConnectionState.CONNECTED, null);
                        }
                    }
                    case RECONNECTING, CLOSED -> moveOn(cause);
                    default -> {
                    }
                }
            }
        }
    }
}
