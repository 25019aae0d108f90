package dev.callwire.transport.mqtt;

import dev.callwire.protocol.Names;
import dev.callwire.spi.support.Redactor;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.net.SocketFactory;

/**
 * Settings of the MQTT transport, read from the signaling URI and optionally adjusted in code through
 * {@link MqttTransportProvider#MqttTransportProvider(java.util.function.UnaryOperator)}. Immutable.
 *
 * <h2>URI format</h2>
 * <pre>
 * mqtt://host[:port][/prefix[/more]]?peerId=..&amp;clientId=..&amp;username=..&amp;password=..&amp;keepAlive=..&amp;settleMillis=..
 * mqtts://host[:port][/prefix]?...
 * </pre>
 * <ul>
 *   <li>{@code mqtt} connects over plain TCP (default port 1883), {@code mqtts} over TLS (default port 8883)
 *       checked against the JVM's default trust store, with host name verification.</li>
 *   <li>The path is the topic prefix, {@value #DEFAULT_PREFIX} when absent. Each segment matches
 *       {@code [A-Za-z0-9._-]{1,64}}.</li>
 *   <li>{@code peerId}: this client's peer id in every room it joins ({@code [A-Za-z0-9._-]{1,64}}); a random
 *       UUID per room when absent. Two clients with one peer id in one room push each other off the broker.</li>
 *   <li>{@code clientId}: the MQTT client id; when absent, {@code callwire-<peerId>-<128 random bits>}, which a
 *       stranger cannot derive (connecting with another client's id pushes that client off the broker). Longer
 *       than the 23 characters MQTT 3.1.1 guarantees; Mosquitto, HiveMQ, EMQX and others accept it. Set one only
 *       if it is as hard to guess, or if the broker ties client ids to usernames.</li>
 *   <li>{@code username}, {@code password}: broker credentials. A password in the URI ends up wherever the
 *       URI is logged; prefer setting it in code.</li>
 *   <li>{@code keepAlive}: MQTT keep-alive in seconds (default 30); the broker fires the last will (this
 *       peer "left") about 1.5 keep-alives after it last heard from a client that vanished silently.</li>
 *   <li>{@code settleMillis}: how long to collect the room's retained presence after subscribing before
 *       reporting who is in the room (default 400).</li>
 * </ul>
 * Values are percent-decoded; unknown parameters are rejected so that typos do not go unnoticed.
 *
 * <p>The {@linkplain Builder#roomKey(byte[]) room key}, a secret, is set in code only, never in the URI.
 */
public final class MqttTransportConfig {

    /** The topic prefix when the URI has no path. */
    public static final String DEFAULT_PREFIX = "webrtc";
    /** Default MQTT keep-alive. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    /** Default time to collect retained presence after subscribing. */
    public static final Duration DEFAULT_SETTLE_WINDOW = Duration.ofMillis(400);

    private static final Set<String> PARAMETERS = Set.of("peerId", "clientId", "username", "password", "keepAlive",
            "settleMillis");

    private final String host;
    private final int port;
    private final boolean tls;
    private final String prefix;
    private final String peerId;
    private final String clientId;
    private final String username;
    private final char[] password;
    private final Duration keepAlive;
    private final Duration settleWindow;
    private final SocketFactory socketFactory;
    private final byte[] roomKey;

    /** The shortest room key accepted: 128 bits. */
    public static final int MIN_ROOM_KEY_BYTES = 16;

    private MqttTransportConfig(Builder b) {
        if (b.host == null || b.host.isBlank()) {
            throw new IllegalArgumentException("host is missing");
        }
        this.host = b.host;
        this.tls = b.tls;
        this.port = b.port == 0 ? (tls ? 8883 : 1883) : b.port;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        this.prefix = requirePrefix(b.prefix == null ? DEFAULT_PREFIX : b.prefix);
        if (b.peerId != null && !Names.isValid(b.peerId)) {
            throw new IllegalArgumentException("peerId must match [A-Za-z0-9._-]{1,64}, got '" + b.peerId + "'");
        }
        this.peerId = b.peerId;
        if (b.clientId != null && (b.clientId.isEmpty() || b.clientId.length() > 256)) {
            throw new IllegalArgumentException("clientId must be 1..256 characters");
        }
        this.clientId = b.clientId;
        this.username = b.username;
        this.password = b.password == null ? null : b.password.clone();
        this.keepAlive = Objects.requireNonNull(b.keepAlive, "keepAlive");
        if (keepAlive.isNegative() || keepAlive.toSeconds() > 65535) {
            throw new IllegalArgumentException("keepAlive must be 0..65535 s, got " + keepAlive);
        }
        this.settleWindow = Objects.requireNonNull(b.settleWindow, "settleWindow");
        if (settleWindow.isNegative() || settleWindow.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("settleWindow must be 0..10 s, got " + settleWindow);
        }
        this.socketFactory = b.socketFactory;
        if (b.roomKey != null && b.roomKey.length < MIN_ROOM_KEY_BYTES) {
            throw new IllegalArgumentException("roomKey must be at least " + MIN_ROOM_KEY_BYTES + " bytes, got "
                    + b.roomKey.length);
        }
        this.roomKey = b.roomKey == null ? null : b.roomKey.clone();
    }

    /**
     * Reads a {@code mqtt://} or {@code mqtts://} URI (see the class description).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static MqttTransportConfig fromUri(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("mqtt") && !scheme.equals("mqtts")) {
            throw new IllegalArgumentException("MQTT transport URIs start with mqtt:// or mqtts://, got " + Redactor.redact(uri));
        }
        if (uri.isOpaque() || uri.getHost() == null) {
            throw new IllegalArgumentException("MQTT URI needs a host, e.g. mqtt://broker.example.com:1883, got "
                    + Redactor.redact(uri));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("put MQTT credentials in the username/password query parameters "
                    + "(or set them in code), not in the URI's user info");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("MQTT URI must not have a fragment: " + Redactor.redact(uri));
        }
        Builder b = builder(uri.getHost()).tls(scheme.equals("mqtts"));
        if (uri.getPort() != -1) {
            b.port(uri.getPort());
        }
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            String trimmed = path.startsWith("/") ? path.substring(1) : path;
            if (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            b.prefix(trimmed);
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "peerId" -> b.peerId(value);
                    case "clientId" -> b.clientId(value);
                    case "username" -> b.username(value);
                    case "password" -> b.password(value.toCharArray());
                    case "keepAlive" -> b.keepAlive(Duration.ofSeconds(parseNumber(key, value)));
                    case "settleMillis" -> b.settleWindow(Duration.ofMillis(parseNumber(key, value)));
                    default -> throw new IllegalArgumentException("unknown MQTT URI parameter '" + key
                            + "'; known: " + new TreeSet<>(PARAMETERS));
                }
            }
        }
        return b.build();
    }

    /** Starts a config for a broker at {@code host}. */
    public static Builder builder(String host) {
        return new Builder().host(host);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.tls = tls;
        b.prefix = prefix;
        b.peerId = peerId;
        b.clientId = clientId;
        b.username = username;
        b.password = password == null ? null : password.clone();
        b.keepAlive = keepAlive;
        b.settleWindow = settleWindow;
        b.socketFactory = socketFactory;
        b.roomKey = roomKey == null ? null : roomKey.clone();
        return b;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Whether the connection uses TLS ({@code mqtts}). */
    public boolean tls() {
        return tls;
    }

    /** The broker address in Paho's form, {@code tcp://host:port} or {@code ssl://host:port}. */
    public String serverUri() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /** The topic prefix, without leading or trailing slash. */
    public String prefix() {
        return prefix;
    }

    /** The configured peer id, or {@code null} for a random one per room. */
    public String peerId() {
        return peerId;
    }

    /** The configured MQTT client id, or {@code null} for {@code callwire-<peerId>-<random>}. */
    public String clientId() {
        return clientId;
    }

    public String username() {
        return username;
    }

    /** A copy of the password, or {@code null}. */
    public char[] password() {
        return password == null ? null : password.clone();
    }

    public Duration keepAlive() {
        return keepAlive;
    }

    /** How long retained presence is collected after subscribing before the room's peers are reported. */
    public Duration settleWindow() {
        return settleWindow;
    }

    /** The socket factory to connect with, or {@code null} for the default (TLS: the JVM's default trust). */
    public SocketFactory socketFactory() {
        return socketFactory;
    }

    /** A copy of the room key, or {@code null} when envelopes carry no {@code mac}. */
    public byte[] roomKey() {
        return roomKey == null ? null : roomKey.clone();
    }

    /** Never shows the password or the room key. */
    @Override
    public String toString() {
        return "MqttTransportConfig[" + serverUri() + ", prefix=" + prefix + ", peerId=" + peerId + ", clientId="
                + clientId + ", username=" + username + (password == null ? "" : ", password=***") + ", keepAlive="
                + keepAlive.toSeconds() + "s, settle=" + settleWindow.toMillis() + "ms"
                + (roomKey == null ? "" : ", roomKey=***") + "]";
    }

    private static String requirePrefix(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix must not be empty");
        }
        for (String segment : prefix.split("/", -1)) {
            if (!Names.isValid(segment)) {
                throw new IllegalArgumentException("every segment of the topic prefix must match [A-Za-z0-9._-]{1,64}, "
                        + "got '" + prefix + "'");
            }
        }
        return prefix;
    }

    private static String decode(String raw) {
        // '+' is a literal plus here, as in a URI path, not a space as in an HTML form.
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static long parseNumber(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MQTT URI parameter '" + key + "' must be a whole number, got '"
                    + value + "'");
        }
    }

    /** Builds a {@link MqttTransportConfig}; {@link #build()} validates and names the bad field. */
    public static final class Builder {
        private String host;
        private int port;
        private boolean tls;
        private String prefix;
        private String peerId;
        private String clientId;
        private String username;
        private char[] password;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private Duration settleWindow = DEFAULT_SETTLE_WINDOW;
        private SocketFactory socketFactory;
        private byte[] roomKey;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The broker port; 0 for the scheme's default (1883, or 8883 with TLS). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder peerId(String peerId) {
            this.peerId = peerId;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** The broker password; the array is copied. */
        public Builder password(char[] password) {
            this.password = password == null ? null : Arrays.copyOf(password, password.length);
            return this;
        }

        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        public Builder settleWindow(Duration settleWindow) {
            this.settleWindow = settleWindow;
            return this;
        }

        /**
         * The socket factory to connect with, e.g. an {@link javax.net.ssl.SSLSocketFactory} trusting a private CA
         * (with TLS it must be one); {@code null} for the default.
         */
        public Builder socketFactory(SocketFactory socketFactory) {
            this.socketFactory = socketFactory;
            return this;
        }

        /**
         * A secret shared by every client of the room, for brokers without per-user ACLs: every envelope is then
         * sent with a {@code mac} (HMAC-SHA256 of its canonical JSON) and envelopes without a valid one are
         * dropped. Outsiders without the key can neither forge nor inject messages; they can still read (use
         * {@code mqtts://}) and replay what they read. The same key is used in every room this config joins.
         *
         * @param key at least {@link #MIN_ROOM_KEY_BYTES} bytes (a passphrase: its UTF-8 bytes); copied;
         *            {@code null} for none
         */
        public Builder roomKey(byte[] key) {
            this.roomKey = key == null ? null : key.clone();
            return this;
        }

        public MqttTransportConfig build() {
            return new MqttTransportConfig(this);
        }
    }
}
