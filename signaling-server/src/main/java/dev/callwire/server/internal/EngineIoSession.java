package dev.callwire.server.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine.io v4 session: its transport (long polling until the client upgrades, then one WebSocket),
 * heartbeat bookkeeping and the socket.io connection on top of it.
 *
 * <p>Every transport switch, and every write while polling, happens under this session's own lock, so a send can
 * never reach a half-switched transport (why the library this replaces needed one lock for all sessions), and
 * senders to different sessions never wait for each other. Once the session is on its WebSocket, which it never
 * leaves, a send goes straight to it without the lock: the WebSocket is published only after the packets buffered
 * while polling were handed to it, so nothing overtakes them. Nothing that can block or call into the hub runs
 * under the lock: WebSocket sends are asynchronous, and a polling response is written on the writer executor,
 * never on a thread that holds the lock.
 */
final class EngineIoSession {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoSession.class);
    static final char SEPARATOR = '\u001e';
    private static final String NOOP = "6";

    /** A packet waiting for a poll, and what to call once it left (or never will). */
    private record Pending(String packet, Runnable done) {
    }

    private final String id;
    private final EngineIoSessions owner;
    private final Executor writer;
    private final long createdNanos = System.nanoTime();
    private volatile long lastHeard = createdNanos;
    /** When this session is next pinged; only the heartbeat sweep's thread touches it. */
    private long nextPing;
    /**
     * The WebSocket carrying the session, {@code null} while polling. Written under the lock, once, after the packets
     * buffered while polling were handed to it; read without the lock by {@link #send}.
     */
    private volatile EngineIoWebSocketAdapter webSocket;
    private volatile SocketIoConnection socketIo;
    /** Gives the per-address slot of the handshake back (see {@link SocketIoAdmission}); run once, on close. */
    private final Runnable slot;

    // Guarded by this.
    private EngineIoWebSocketAdapter probe;
    private List<Pending> buffer;
    private AsyncContext poll;
    /** Written under the lock; read without it by {@link #send} on the WebSocket path. */
    private volatile boolean closed;

    /**
     * @param firstPingNanos how long after its start the session is first pinged (at most the ping interval); then
     *                       once per interval. Spread at random by the caller, so sessions opened in the same second
     *                       are not pinged in the same sweep.
     */
    EngineIoSession(String id, EngineIoSessions owner, Executor writer, EngineIoWebSocketAdapter webSocket,
            Runnable slot, long firstPingNanos) {
        this.id = id;
        this.slot = slot;
        this.owner = owner;
        this.writer = writer;
        this.webSocket = webSocket;
        this.nextPing = createdNanos + firstPingNanos;
    }

    String id() {
        return id;
    }

    boolean isWebSocket() {
        return webSocket != null;
    }

    void attach(SocketIoConnection connection) {
        socketIo = connection;
    }

    SocketIoConnection socketIo() {
        return socketIo;
    }

    /**
     * Sends one engine.io packet on whichever transport is current. {@code done} (may be {@code null}) runs once
     * the packet was written or dropped, so byte bounds can count what the transport holds.
     */
    void send(String packet, Runnable done) {
        EngineIoWebSocketAdapter current = webSocket;
        if (current != null && !closed) {
            // The relay path: no lock (a close racing this send makes the WebSocket fail it, which runs done).
            current.sendText(packet, done);
            return;
        }
        boolean dropped = false;
        synchronized (this) {
            EngineIoWebSocketAdapter ws = webSocket;
            if (closed) {
                dropped = true;
            } else if (ws != null) {
                ws.sendText(packet, done); // asynchronous: only queues in the WebSocket
            } else {
                if (buffer == null) {
                    buffer = new ArrayList<>(4);
                }
                buffer.add(new Pending(packet, done));
                answerPollLocked();
            }
        }
        if (dropped && done != null) {
            done.run();
        }
    }

    /** Packets waiting for a poll (a polling session's buffer), oldest first. */
    synchronized List<String> waitingPackets() {
        return buffer == null ? List.of() : buffer.stream().map(Pending::packet).toList();
    }

    /** A polling GET: answered at once when packets wait, otherwise parked until one does. */
    void onPoll(HttpServletRequest request, HttpServletResponse response, long pollMillis) throws IOException {
        List<Pending> ready;
        synchronized (this) {
            if (closed || webSocket != null) {
                EngineIoSessions.refuse(response, EngineIoSessions.BAD_REQUEST);
                return;
            }
            if (poll != null) {
                // Two concurrent GETs: the client is confused or an attacker shares the id.
                LOG.debug("engine.io session {}: overlapping polls", id);
                ready = null;
            } else if (buffer != null) {
                ready = buffer;
                buffer = null;
            } else if (probe != null) {
                ready = List.of(new Pending(NOOP, null)); // an upgrade is under way: do not hold the poll
            } else {
                AsyncContext async = request.startAsync();
                async.setTimeout(pollMillis);
                async.addListener(new PollTimeout(async));
                poll = async;
                return;
            }
        }
        if (ready == null) {
            EngineIoSessions.refuse(response, EngineIoSessions.BAD_REQUEST);
            close("overlapping polls");
            return;
        }
        write(response, ready);
    }

    /** A polling POST: the body holds one or more packets. */
    void onPost(String body, HttpServletResponse response) throws IOException {
        synchronized (this) {
            if (closed || webSocket != null) {
                EngineIoSessions.refuse(response, EngineIoSessions.BAD_REQUEST);
                return;
            }
        }
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = body.length();
            }
            if (end > start) {
                onPacket(body.substring(start, end));
            }
            start = end + 1;
        }
        response.setContentType("text/html");
        response.getWriter().write("ok");
    }

    /** A text frame of a WebSocket of this session: the current transport or an upgrade probe. */
    void onWebSocketText(EngineIoWebSocketAdapter from, String text) {
        if (from == webSocket) {
            onPacket(text);
            return;
        }
        AsyncContext released = null;
        List<Pending> flushed = null;
        boolean refused = false;
        synchronized (this) {
            if (closed || from != probe) {
                refused = true;
            } else if (text.equals("2probe")) {
                lastHeard = System.nanoTime();
                from.sendText("3probe", null);
                released = poll; // the client waits for its current poll to end before upgrading
                poll = null;
            } else if (text.equals("5")) {
                lastHeard = System.nanoTime();
                probe = null;
                released = poll;
                poll = null;
                flushed = buffer;
                buffer = null;
                // Queued while polling: handed to the WebSocket first, in order, before it is published to senders
                // that skip the lock.
                if (flushed != null) {
                    for (Pending pending : flushed) {
                        from.sendText(pending.packet(), pending.done());
                    }
                }
                webSocket = from;
                LOG.debug("engine.io session {} upgraded to websocket", id);
            } else {
                probe = null;
                refused = true;
            }
        }
        if (refused) {
            from.close();
        }
        if (released != null) {
            respond(released, List.of(new Pending(NOOP, null)));
        }
    }

    /** A WebSocket asks to take this session over (the engine.io upgrade); {@code false} if it may not. */
    synchronized boolean offerProbe(EngineIoWebSocketAdapter candidate) {
        if (closed || webSocket != null || probe != null) {
            return false;
        }
        probe = candidate;
        return true;
    }

    void onWebSocketClosed(EngineIoWebSocketAdapter from) {
        synchronized (this) {
            if (from == probe) {
                probe = null;
                return;
            }
            if (from != webSocket) {
                return;
            }
        }
        close("transport closed");
    }

    private void onPacket(String packet) {
        lastHeard = System.nanoTime();
        switch (packet.isEmpty() ? ' ' : packet.charAt(0)) {
            case '4' -> {
                SocketIoConnection connection = socketIo;
                if (connection != null) {
                    connection.onPacket(packet, 1);
                } else {
                    owner.onFirstMessage(this, packet);
                }
            }
            case '3', '6' -> {
                // pong (lastHeard is updated) or noop
            }
            case '2' -> send("3" + packet.substring(1), null); // a v3-style client ping
            case '1' -> close("closed by the client");
            default -> {
                MalformedPacketWarnings.warn("engine.io packet type '" + packet.charAt(0) + "'");
                close("malformed packet");
            }
        }
    }

    /**
     * Heartbeat: pings a live session once per ping interval from its own first ping (see the constructor), so that
     * sessions are pinged at different times; closes one silent for too long.
     */
    void sweep(long now, long pingIntervalNanos, long deadAfterNanos, long connectDeadlineNanos) {
        if (now - lastHeard > deadAfterNanos) {
            close("ping timeout");
        } else if (socketIo == null && now - createdNanos > connectDeadlineNanos) {
            close("no socket.io connect");
        } else if (now - nextPing >= 0) {
            nextPing = now + pingIntervalNanos;
            send("2", null);
        }
    }

    /** Sends socket.io's disconnect (so the client does not reconnect) and closes. */
    void disconnect() {
        AsyncContext parked = null;
        synchronized (this) {
            EngineIoWebSocketAdapter ws = webSocket;
            if (ws != null) {
                ws.sendText("41", null);
            } else {
                parked = poll;
                poll = null;
            }
        }
        if (parked != null) {
            respond(parked, List.of(new Pending("41", null), new Pending("1", null)));
        }
        close("disconnected by the server");
    }

    /** Ends the session for good; idempotent. The socket.io connection, if any, leaves the hub. */
    void close(String why) {
        AsyncContext parked;
        List<Pending> dropped;
        EngineIoWebSocketAdapter ws;
        EngineIoWebSocketAdapter upgrading;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            parked = poll;
            poll = null;
            dropped = buffer;
            buffer = null;
            ws = webSocket;
            upgrading = probe;
            probe = null;
        }
        LOG.debug("engine.io session {} closed: {}", id, why);
        owner.remove(this);
        slot.run();
        if (parked != null) {
            respond(parked, List.of(new Pending("1", null)));
        }
        if (dropped != null) {
            dropped.forEach(EngineIoSession::done);
        }
        if (ws != null) {
            ws.close();
        }
        if (upgrading != null) {
            upgrading.close();
        }
        SocketIoConnection connection = socketIo;
        if (connection != null) {
            connection.onTransportClosed();
        }
    }

    /** Under the lock: hands waiting packets to a parked poll, written on the writer executor. */
    private void answerPollLocked() {
        if (poll == null || buffer == null) {
            return;
        }
        AsyncContext parked = poll;
        List<Pending> packets = buffer;
        poll = null;
        buffer = null;
        respond(parked, packets);
    }

    /** Completes a parked poll on the writer executor: a slow reader may block the write, never the caller. */
    private void respond(AsyncContext parked, List<Pending> packets) {
        try {
            writer.execute(() -> {
                try {
                    write((HttpServletResponse) parked.getResponse(), packets);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("engine.io session {}: poll response failed: {}", id, e.toString());
                } finally {
                    parked.complete();
                }
            });
        } catch (RejectedExecutionException e) {
            packets.forEach(EngineIoSession::done); // stopping
        }
    }

    private static void write(HttpServletResponse response, List<Pending> packets) throws IOException {
        try {
            StringBuilder payload = new StringBuilder();
            for (Pending pending : packets) {
                if (!payload.isEmpty()) {
                    payload.append(SEPARATOR);
                }
                payload.append(pending.packet());
            }
            byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain; charset=UTF-8");
            response.setContentLength(bytes.length);
            try (OutputStream out = response.getOutputStream()) {
                out.write(bytes);
            }
        } finally {
            packets.forEach(EngineIoSession::done);
        }
    }

    private static void done(Pending pending) {
        if (pending.done() != null) {
            pending.done().run();
        }
    }

    /** A parked poll that saw no packet in time gets a noop, so proxies never see an endless request. */
    private final class PollTimeout implements AsyncListener {
        private final AsyncContext async;

        PollTimeout(AsyncContext async) {
            this.async = async;
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            boolean mine;
            synchronized (EngineIoSession.this) {
                mine = poll == async;
                if (mine) {
                    poll = null;
                }
            }
            try {
                if (mine) {
                    write((HttpServletResponse) async.getResponse(), List.of(new Pending(NOOP, null)));
                }
            } finally {
                async.complete();
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            synchronized (EngineIoSession.this) {
                if (poll == async) {
                    poll = null;
                }
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
