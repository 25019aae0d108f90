package dev.callwire.server.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine.io v4 server side, written for this server (it replaces engine.io-server/socket.io-server,
 * whose single lock around every session, timer re-armed per inbound message and JSON re-parsing per send
 * made socket.io the slow endpoint): the session table, handshakes for both transports, polling requests and
 * the heartbeat sweep. Only what the signaling protocol needs: text packets, the default namespace, acks.
 */
final class EngineIoSessions {

    private static final Logger LOG = LoggerFactory.getLogger(EngineIoSessions.class);

    static final String UNKNOWN_TRANSPORT = "{\"code\":0,\"message\":\"Transport unknown\"}";
    static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";
    static final String BAD_REQUEST = "{\"code\":3,\"message\":\"Bad request\"}";
    static final String UNSUPPORTED_VERSION = "{\"code\":5,\"message\":\"Unsupported protocol version\"}";

    private final Map<String, EngineIoSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Executor writer;
    private final long pingIntervalMillis;
    private final long pingTimeoutMillis;
    private final int maxPayload;
    /** Creates the socket.io connection of a session on its first message (the socket.io CONNECT). */
    private final Function<EngineIoSession, SocketIoConnection> connector;

    /**
     * @param maxPayload largest polling body the server accepts, announced so that clients batch below it
     * @param connector  makes the socket.io connection of a session; it registers with the hub on CONNECT
     */
    EngineIoSessions(Executor writer, Duration pingInterval, Duration pingTimeout, int maxPayload,
            Function<EngineIoSession, SocketIoConnection> connector) {
        this.writer = writer;
        this.pingIntervalMillis = pingInterval.toMillis();
        this.pingTimeoutMillis = pingTimeout.toMillis();
        this.maxPayload = maxPayload;
        this.connector = connector;
    }

    long pingIntervalMillis() {
        return pingIntervalMillis;
    }

    /**
     * How often {@link #sweep()} should run: a hundredth of the ping interval (100 ms), so each sweep pings about 1% of
     * the sessions. Sweeping once per interval pinged every session in the same instant (a burst of a thousand pings
     * and pongs in the middle of the traffic, in the socket.io endpoint's p99); a tenth still sent a few hundred at
     * once when the sessions had opened within a few seconds of each other.
     */
    long sweepPeriodMillis() {
        return Math.max(1, pingIntervalMillis / 100);
    }

    int count() {
        return sessions.size();
    }

    /**
     * A polling request; {@code body} is the complete POST body, {@code null} for a GET. {@code slot} (see
     * {@link SocketIoAdmission}) is held by the session a handshake opens, and run here when none opens.
     */
    void onPolling(HttpServletRequest request, HttpServletResponse response, byte[] body, Runnable slot)
            throws IOException {
        boolean claimed = false;
        try {
            claimed = poll(request, response, body, slot);
        } finally {
            if (!claimed) {
                slot.run();
            }
        }
    }

    /** Returns whether a session now holds {@code slot}. */
    private boolean poll(HttpServletRequest request, HttpServletResponse response, byte[] body, Runnable slot)
            throws IOException {
        Map<String, String> query = Query.parse(request.getQueryString());
        if (!"4".equals(query.get("EIO"))) {
            refuse(response, UNSUPPORTED_VERSION);
            return false;
        }
        if (!"polling".equals(query.get("transport"))) {
            refuse(response, UNKNOWN_TRANSPORT);
            return false;
        }
        String sid = query.get("sid");
        if (sid == null) {
            if (body != null) {
                refuse(response, BAD_REQUEST);
                return false;
            }
            EngineIoSession session = open(null, slot);
            sessions.put(session.id(), session); // from here the session holds the slot, whatever happens next
            byte[] handshake = handshake(session, true).getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain; charset=UTF-8");
            response.setContentLength(handshake.length);
            try {
                response.getOutputStream().write(handshake);
            } catch (IOException | RuntimeException e) {
                session.close("handshake not delivered");
                throw e;
            }
            return true;
        }
        EngineIoSession session = sessions.get(sid);
        if (session == null) {
            refuse(response, UNKNOWN_SID);
        } else if (body == null) {
            session.onPoll(request, response, pingIntervalMillis + pingTimeoutMillis);
        } else {
            session.onPost(new String(body, StandardCharsets.UTF_8), response);
        }
        return false;
    }

    /**
     * A WebSocket opened at {@code /socket.io/}: a new session, or with {@code sid} the upgrade of a polling one.
     * Returns the session it belongs to, or {@code null} when it was refused (and closed). A new session holds
     * {@code slot} (see {@link SocketIoAdmission}); otherwise it is run here.
     */
    EngineIoSession onWebSocket(EngineIoWebSocketAdapter webSocket, Map<String, String> query, Runnable slot) {
        String sid = query.get("sid");
        boolean valid = "4".equals(query.get("EIO")) && "websocket".equals(query.get("transport"));
        if (!valid || sid != null) {
            slot.run(); // no new session to hold it
        }
        if (!valid) {
            webSocket.close();
            return null;
        }
        if (sid != null) {
            EngineIoSession session = sessions.get(sid);
            if (session == null || !session.offerProbe(webSocket)) {
                webSocket.close();
                return null;
            }
            return session;
        }
        EngineIoSession session = open(webSocket, slot);
        webSocket.sendText(handshake(session, false), null); // before the session is listed: heartbeats come after
        sessions.put(session.id(), session);
        return session;
    }

    private EngineIoSession open(EngineIoWebSocketAdapter webSocket, Runnable slot) {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return new EngineIoSession(Base64.getUrlEncoder().encodeToString(bytes), this, writer, webSocket, slot,
                firstPingNanos(pingIntervalMillis * 1_000_000L, ThreadLocalRandom.current()));
    }

    /**
     * When a new session is first pinged: at random between a tenth of the interval and the whole of it, so that
     * sessions opened together (a reconnecting crowd, a load test) are pinged spread over the interval, and stay so.
     */
    static long firstPingNanos(long intervalNanos, RandomGenerator random) {
        return intervalNanos / 10 + random.nextLong(intervalNanos - intervalNanos / 10 + 1);
    }

    private String handshake(EngineIoSession session, boolean polling) {
        return "0{\"sid\":\"" + session.id() + "\",\"upgrades\":" + (polling ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + pingIntervalMillis + ",\"pingTimeout\":" + pingTimeoutMillis
                + ",\"maxPayload\":" + maxPayload + "}";
    }

    /** The first message of a session must be the socket.io CONNECT; it creates the connection. */
    void onFirstMessage(EngineIoSession session, String packet) {
        SocketIoConnection connection;
        synchronized (session) {
            connection = session.socketIo();
            if (connection == null) {
                connection = connector.apply(session);
                session.attach(connection);
            }
        }
        connection.onPacket(packet, 1);
    }

    void remove(EngineIoSession session) {
        sessions.remove(session.id(), session);
    }

    /** Pings the sessions whose own interval has passed, closes silent ones; runs every {@link #sweepPeriodMillis()}. */
    void sweep() {
        long now = System.nanoTime();
        // Twice what a client allows the server (pingInterval + pingTimeout): a busy client that answers late is
        // slow, not gone; the raw WebSocket endpoint allows its clients 2.5 ping intervals likewise.
        long deadAfter = 2 * (pingIntervalMillis + pingTimeoutMillis) * 1_000_000L;
        long connectDeadline = 45_000_000_000L; // socket.io's own default for a CONNECT after the handshake
        for (EngineIoSession session : sessions.values()) {
            try {
                session.sweep(now, pingIntervalMillis * 1_000_000L, deadAfter, connectDeadline);
            } catch (RuntimeException e) {
                LOG.debug("engine.io heartbeat of {} failed: {}", session.id(), e.toString());
            }
        }
    }

    void closeAll() {
        for (EngineIoSession session : List.copyOf(sessions.values())) {
            session.close("server stopping");
        }
    }

    /** A 400 with engine.io's error body; never exception text. */
    static void refuse(HttpServletResponse response, String body) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
    }

    /** The query string as engine.io clients write it: {@code k=v&k=v}, percent-encoded. */
    static final class Query {
        private Query() {
        }

        static Map<String, String> parse(String query) {
            Map<String, String> out = new java.util.HashMap<>();
            if (query == null || query.isEmpty()) {
                return out;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    out.putIfAbsent(java.net.URLDecoder.decode(key, StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a malformed escape: the parameter is ignored, like a missing one
                }
            }
            return out;
        }
    }
}
