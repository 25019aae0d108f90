package dev.callwire.server;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Argument checks shared by {@link SignalingServer.Builder}'s setters; each message names the setter. */
final class BuilderChecks {

    private BuilderChecks() {
    }

    static void rate(String setter, double perSecond, int burst) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(setter + " perSecond must be a positive number, got " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException(setter + " burst must be >= 1, got " + burst);
        }
    }

    static void ipLimits(String setter, int maxConnections, double connectsPerSecond, int burst) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException(setter + " maxConnections must be >= 1, got " + maxConnections);
        }
        if (!(connectsPerSecond > 0) || Double.isInfinite(connectsPerSecond)) {
            throw new IllegalArgumentException(setter + " connectsPerSecond must be a positive number, got "
                    + connectsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException(setter + " burst must be >= 1, got " + burst);
        }
    }

    /** Each entry is {@code *} or {@code scheme://host[:port]} with nothing after it. */
    static List<String> origins(List<String> origins) {
        Objects.requireNonNull(origins, "origins");
        for (String origin : origins) {
            if (origin == null || origin.isBlank()) {
                throw new IllegalArgumentException("allowedOrigins entries must not be blank");
            }
            if (origin.equals("*")) {
                continue;
            }
            URI uri;
            try {
                uri = URI.create(origin.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("allowedOrigins entry is not an origin: '" + origin + "'", e);
            }
            boolean bare = (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null
                    && uri.getFragment() == null && uri.getUserInfo() == null;
            if (uri.getScheme() == null || uri.getHost() == null || !bare) {
                throw new IllegalArgumentException("allowedOrigins entries must look like https://app.example.com "
                        + "(scheme, host, optional port, no path), or be *, got '" + origin + "'");
            }
        }
        return List.copyOf(origins);
    }

    static List<String> turnUrls(List<String> turnUrls) {
        Objects.requireNonNull(turnUrls, "turnUrls");
        for (String url : turnUrls) {
            String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("turn:") && !lower.startsWith("turns:")) {
                throw new IllegalArgumentException("turnUrls entries must start with turn: or turns:, got '" + url + "'");
            }
        }
        return List.copyOf(turnUrls);
    }

    static void tcpLineLimits(int maxConnections, Duration idleTimeout) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("tcpLineLimits maxConnections must be >= 1, got " + maxConnections);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.toMillis() < 1 || idleTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tcpLineLimits idleTimeout must be 1 ms..24 days, got " + idleTimeout);
        }
    }

    /** The combination {@code build()} refuses: half-configured TURN, or anonymous TURN not asked for. */
    static void turn(String turnSecret, List<String> turnUrls, String joinSecret, boolean allowAnonymousTurn) {
        if (turnSecret != null && turnUrls.isEmpty()) {
            throw new IllegalStateException("turnSecret needs at least one entry in turnUrls");
        }
        if (turnSecret == null && !turnUrls.isEmpty()) {
            throw new IllegalStateException("turnUrls need a turnSecret to mint credentials");
        }
        if (turnSecret != null && joinSecret == null && !allowAnonymousTurn) {
            throw new IllegalStateException("turnSecret without a joinSecret would give anyone TURN relay "
                    + "credentials; set a joinSecret, or allowAnonymousTurn(true) (--allow-anonymous-turn) "
                    + "if that is intended");
        }
    }

    /** {@code cluster(URI)} needs the optional Redis client; says so at configuration time, not at start. */
    static void lettuceAvailable() {
        try {
            Class.forName("io.lettuce.core.RedisClient", false, BuilderChecks.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cluster needs the Redis client io.lettuce:lettuce-core on the "
                    + "classpath (an optional dependency of signaling-server)", e);
        }
    }

    static int port(String setter, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(setter + " must be 0..65535, got " + port);
        }
        return port;
    }

    static String joinSecret(String secret) {
        if (secret != null && secret.isEmpty()) {
            throw new IllegalArgumentException("joinSecret must not be empty (use null for no tokens)");
        }
        return secret;
    }

    static String resumeSecret(String secret) {
        if (secret != null && secret.length() < 16) {
            throw new IllegalArgumentException("resumeSecret must have at least 16 characters (use null for a "
                    + "random one per server)");
        }
        return secret;
    }
}
