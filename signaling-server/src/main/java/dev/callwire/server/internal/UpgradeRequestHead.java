package dev.callwire.server.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The head of a {@code GET /ws} or {@code GET /socket.io/?...} request read straight off a new connection by
 * {@link DirectWebSocketUpgrade}: what it needs to answer 101 itself. Only the plainest well-formed opening
 * handshake qualifies (section 4.1 of RFC 6455 as every client library sends it); anything else, an error
 * included, is {@link #FALL_BACK}, and Jetty's HTTP/1.1 then reads the same bytes and answers exactly as it always
 * did. So this parser only has to be right about what it accepts, never about how to refuse.
 */
final class UpgradeRequestHead {

    /** The largest head read here; Jetty's own limit (its default request header size) applies to longer ones. */
    static final int MAX_BYTES = 8192;
    /** {@link #parse}: the head is not complete yet. */
    static final UpgradeRequestHead INCOMPLETE = new UpgradeRequestHead(-1, null, null, null, null);
    /** {@link #parse}: not a plain opening handshake; Jetty's HTTP/1.1 must read it. */
    static final UpgradeRequestHead FALL_BACK = new UpgradeRequestHead(-1, null, null, null, null);

    private static final byte[] WS_PREFIX = "GET /ws".getBytes(StandardCharsets.US_ASCII);
    /** socket.io's folder: the engine.io query ({@code EIO}, {@code transport}) always follows. */
    private static final String SOCKET_IO_REQUEST = "GET /socket.io/?";
    private static final byte[] SOCKET_IO_PREFIX = SOCKET_IO_REQUEST.getBytes(StandardCharsets.US_ASCII);
    /** How many first bytes {@link #startsLikeUpgrade} needs at most to decide. */
    static final int DETECTED_BYTES = SOCKET_IO_PREFIX.length;

    /** How many bytes the head took, its blank line included; what follows is the client's first frames. */
    final int length;
    /** The {@code Sec-WebSocket-Accept} to answer with. */
    final String accept;
    final String origin;
    final String host;
    /** The raw query of a socket.io upgrade (a new session: no {@code sid}); {@code null} for {@code /ws}. */
    final String socketIoQuery;

    private UpgradeRequestHead(int length, String accept, String origin, String host, String socketIoQuery) {
        this.length = length;
        this.accept = accept;
        this.origin = origin;
        this.host = host;
        this.socketIoQuery = socketIoQuery;
    }

    /**
     * Whether a connection that starts with these bytes may be an upgrade read here: {@code GET /ws} followed by a
     * space or {@code ?}, or {@code GET /socket.io/?} ({@code null}: need more bytes to tell).
     */
    static Boolean startsLikeUpgrade(byte[] bytes, int length) {
        Boolean ws = startsWith(bytes, length, WS_PREFIX, true);
        return Boolean.TRUE.equals(ws) ? ws : ws == null ? null : startsWith(bytes, length, SOCKET_IO_PREFIX, false);
    }

    /** {@link #startsLikeUpgrade} for one prefix, which may have to be followed by a space or {@code ?}. */
    private static Boolean startsWith(byte[] bytes, int length, byte[] prefix, boolean thenSpaceOrQuery) {
        int needed = prefix.length + (thenSpaceOrQuery ? 1 : 0);
        int checked = Math.min(length, needed);
        for (int i = 0; i < checked; i++) {
            byte b = bytes[i];
            if (i < prefix.length ? b != prefix[i] : b != ' ' && b != '?') {
                return false;
            }
        }
        return checked == needed ? Boolean.TRUE : null;
    }

    /**
     * Reads {@code bytes[0, length)}: {@link #INCOMPLETE} until the blank line that ends the head has arrived,
     * {@link #FALL_BACK} for anything but a plain version-13 opening handshake on {@code /ws} or of a new socket.io
     * session, else the head.
     */
    static UpgradeRequestHead parse(byte[] bytes, int length) {
        return parse(bytes, length, 0);
    }

    /**
     * As {@link #parse(byte[], int)}, for a reader that already parsed {@code bytes[0, searched)} as
     * {@link #INCOMPLETE}: the end of the head is looked for only where it can be new, so a client sending its head
     * a byte at a time costs a scan of each byte once, not of the whole head each time.
     */
    static UpgradeRequestHead parse(byte[] bytes, int length, int searched) {
        int end = headEnd(bytes, Math.max(3, searched), Math.min(length, MAX_BYTES));
        if (end < 0) {
            return length >= MAX_BYTES ? FALL_BACK : INCOMPLETE;
        }
        if (!Boolean.TRUE.equals(startsLikeUpgrade(bytes, length))) {
            return FALL_BACK;
        }
        // Only visible ASCII, tabs and CRLF line ends: Jetty decides what to make of anything else, a lone CR or
        // LF included (it may end a line there; read here, it would hide inside a field's value).
        for (int i = 0; i < end; i++) {
            byte b = bytes[i];
            boolean lineEnd = (b == '\r' && bytes[i + 1] == '\n') || (b == '\n' && bytes[i - 1] == '\r');
            if ((b < 0x20 || b > 0x7e) && b != '\t' && !lineEnd) {
                return FALL_BACK;
            }
        }
        // Lines found by hand: String.split on a two-character separator compiles a regex per call.
        String text = new String(bytes, 0, end - 4, StandardCharsets.US_ASCII);
        int lineEnd = text.indexOf("\r\n");
        String requestLine = lineEnd < 0 ? text : text.substring(0, lineEnd);
        int target = requestLine.indexOf(' ');
        int version = requestLine.lastIndexOf(' ');
        if (version <= target || !requestLine.substring(version + 1).equals("HTTP/1.1")
                || requestLine.substring(target + 1, version).indexOf(' ') >= 0) {
            return FALL_BACK;
        }
        String socketIoQuery = null;
        if (requestLine.startsWith(SOCKET_IO_REQUEST)) {
            socketIoQuery = requestLine.substring(SOCKET_IO_PREFIX.length, version);
            if (socketIoQuery.indexOf('#') >= 0 || UpgradeGate.hasSid(socketIoQuery)) {
                return FALL_BACK; // the upgrade of a polling session is Jetty's path's, and so is anything unusual
            }
        }
        Fields fields = new Fields();
        while (lineEnd >= 0) {
            int start = lineEnd + 2;
            lineEnd = text.indexOf("\r\n", start);
            if (!fields.add(text.substring(start, lineEnd < 0 ? text.length() : lineEnd))) {
                return FALL_BACK;
            }
        }
        if (fields.host == null || fields.hasBody() || !hasToken(fields.upgrade, "websocket")
                || !hasToken(fields.connection, "upgrade")
                || WebSocketUpgrades.versionStatus(fields.version) != WebSocketUpgrades.VERSION_OK) {
            return FALL_BACK;
        }
        String accept = WebSocketUpgrades.acceptFor(fields.key);
        return accept == null ? FALL_BACK
                : new UpgradeRequestHead(end, accept, fields.origin, fields.host, socketIoQuery);
    }

    /** The index just past the {@code CRLF CRLF} that ends a head and ends at {@code from} or later, or -1. */
    private static int headEnd(byte[] bytes, int from, int length) {
        for (int i = from; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean hasToken(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String part : value.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The header fields an upgrade needs; each may appear once. */
    private static final class Fields {
        String host;
        String upgrade;
        String connection;
        String version;
        String key;
        String origin;
        String contentLength;
        boolean chunked;
        private boolean repeated;

        /** Whether the line is a plain {@code name: value} field that may be taken as it is. */
        boolean add(String line) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.charAt(colon - 1) == ' ') {
                return false; // no name, a folded line, or whitespace before the colon (RFC 9112 section 5.1)
            }
            String value = line.substring(colon + 1).trim();
            switch (line.substring(0, colon).toLowerCase(Locale.ROOT)) {
                case "host" -> host = once(host, value);
                case "upgrade" -> upgrade = once(upgrade, value);
                case "connection" -> connection = once(connection, value);
                case "sec-websocket-version" -> version = once(version, value);
                case "sec-websocket-key" -> key = once(key, value);
                case "origin" -> origin = once(origin, value);
                case "content-length" -> contentLength = once(contentLength, value);
                case "transfer-encoding" -> chunked = true;
                default -> {
                    // a field an upgrade does not need
                }
            }
            return !repeated;
        }

        /**
         * Whether a body follows the head. {@code Content-Length: 0} says there is none: the JDK's WebSocket client
         * sends it with every opening handshake.
         */
        boolean hasBody() {
            return chunked || (contentLength != null && !contentLength.equals("0"));
        }

        private String once(String previous, String value) {
            repeated |= previous != null;
            return value;
        }
    }
}
