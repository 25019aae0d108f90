package dev.callwire.server.internal.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A cluster URI, {@code redis://[:password@]host:port[/db][?lease-ms=N]} (or {@code rediss://} for TLS), split
 * into what Lettuce gets and this server's own parameter: the liveness lease. An instance refreshes its lease
 * three times per lease; when it stops doing so (killed, partitioned, frozen) the others remove its peers once
 * the lease has run out, so the lease is also the grace period before {@code peer-left}.
 */
public record ClusterConfig(URI redis, Duration lease) {

    /** Lease unless configured: long enough for a GC pause or a Redis failover, short enough for a call UI. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
    static final Duration MIN_LEASE = Duration.ofMillis(300);
    static final Duration MAX_LEASE = Duration.ofMinutes(10);
    private static final String LEASE_PARAMETER = "lease-ms";

    public ClusterConfig {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(lease, "lease");
    }

    /**
     * Parses and checks a cluster URI.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ClusterConfig parse(URI uri) {
        Objects.requireNonNull(uri, "cluster URI");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("cluster URI must be redis://host:port[/db] or rediss://..., got "
                    + redacted(uri));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("cluster URI has no host: " + redacted(uri));
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.matches("/\\d{0,2}")) {
            throw new IllegalArgumentException("cluster URI path must be a database number (/0../99), got '" + path
                    + "'");
        }
        Duration lease = DEFAULT_LEASE;
        List<String> kept = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                if (parameter.startsWith(LEASE_PARAMETER + "=")) {
                    lease = parseLease(parameter.substring(LEASE_PARAMETER.length() + 1));
                } else if (!parameter.isEmpty()) {
                    kept.add(parameter);
                }
            }
        }
        try {
            URI redis = new URI(uri.getScheme(), uri.getRawUserInfo(), uri.getHost(), uri.getPort(), path,
                    kept.isEmpty() ? null : String.join("&", kept), null);
            return new ClusterConfig(URI.create(redis.toASCIIString()), lease);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cluster URI is malformed: " + redacted(uri), e);
        }
    }

    private static Duration parseLease(String value) {
        long millis;
        try {
            millis = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(LEASE_PARAMETER + " must be a number of milliseconds, got '" + value
                    + "'");
        }
        Duration lease = Duration.ofMillis(millis);
        if (lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException(LEASE_PARAMETER + " must be " + MIN_LEASE.toMillis() + ".."
                    + MAX_LEASE.toMillis() + ", got " + millis);
        }
        return lease;
    }

    /** How often the lease is refreshed and dead instances are looked for. */
    Duration refreshInterval() {
        return lease.dividedBy(3);
    }

    /** The URI without its password, for logs and errors. */
    public String redactedUri() {
        return redacted(redis);
    }

    static String redacted(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://***@" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getPath() == null ? "" : uri.getPath());
    }

    @Override
    public String toString() {
        return "ClusterConfig[" + redactedUri() + ", lease " + lease.toMillis() + " ms]";
    }
}
