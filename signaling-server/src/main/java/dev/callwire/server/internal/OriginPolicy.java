package dev.callwire.server.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open a connection. Browsers send {@code Origin} on every WebSocket handshake and
 * cross-origin request, and let any page connect anywhere unless the server refuses: without this check a page
 * on any site could join rooms through its visitors' browsers (and their cookies). Clients that are not
 * browsers send no {@code Origin} and are not affected; a page served by this server (same host and port as
 * the {@code Host} header) always is allowed. Immutable and thread-safe.
 */
public final class OriginPolicy {

    /** Only same-origin pages (and clients that send no Origin). */
    public static final OriginPolicy SAME_ORIGIN = new OriginPolicy(List.of());

    private final boolean any;
    private final Set<String> allowed;

    /**
     * @param allowed origins such as {@code https://app.example.com} (scheme, host and port as a browser sends
     *                them), or the single entry {@code *} for any page
     */
    public OriginPolicy(List<String> allowed) {
        this.any = allowed.contains("*");
        this.allowed = allowed.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether any origin is allowed. */
    public boolean allowsAny() {
        return any;
    }

    /** The configured origins (without {@code *}), normalised (for logs). */
    public List<String> listed() {
        return allowed.stream().filter(origin -> !origin.equals("*")).sorted().toList();
    }

    /**
     * Whether a request with this {@code Origin} (or {@code null}: none sent) to this {@code Host} is allowed.
     */
    public boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String normalised = normalise(origin);
        return allowed.contains(normalised) || sameOrigin(normalised, host);
    }

    /** Origins compare by scheme, host and port, case-insensitively, with default ports dropped. */
    static String normalise(String origin) {
        String trimmed = origin.strip().toLowerCase(Locale.ROOT);
        if (trimmed.equals("*") || trimmed.equals("null")) {
            return trimmed;
        }
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return trimmed;
            }
            return uri.getScheme() + "://" + authority(uri.getScheme(), uri.getHost(), uri.getPort());
        } catch (IllegalArgumentException e) {
            return trimmed;
        }
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        int schemeEnd = origin.indexOf("://");
        if (schemeEnd < 0) {
            return false;
        }
        String scheme = origin.substring(0, schemeEnd);
        try {
            URI hostUri = URI.create(scheme + "://" + host.strip().toLowerCase(Locale.ROOT));
            if (hostUri.getHost() == null) {
                return false;
            }
            return origin.equals(scheme + "://" + authority(scheme, hostUri.getHost(), hostUri.getPort()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String authority(String scheme, String host, int port) {
        boolean defaultPort = port == -1 || (port == 80 && scheme.equals("http")) || (port == 443
                && scheme.equals("https"));
        return defaultPort ? host : host + ":" + port;
    }

    @Override
    public String toString() {
        return any ? "OriginPolicy[any]" : "OriginPolicy[same origin + " + listed() + "]";
    }
}
