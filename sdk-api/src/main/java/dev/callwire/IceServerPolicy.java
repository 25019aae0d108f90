package dev.callwire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which ICE servers from the signaling server's {@code welcome} a client uses, beside those in
 * {@link IceOptions#servers()} (which are always used). A TURN server relays the call's media and
 * learns both peers' addresses, and every client connects to the STUN and TURN hosts it is given, so a
 * client that trusts its TURN deployment more than its signaling server can refuse the server's choice.
 *
 * <ul>
 *   <li>{@link #useServerProvided()} (the default): every server-provided ICE server is used. The
 *       signaling server already relays the SDP that carries the DTLS fingerprints the media keys are pinned
 *       to, so a hostile server could sit in the middle of the media without any relay of its own: refusing
 *       its relays adds no protection against it, and it is how servers hand out time-limited TURN
 *       credentials (see the protocol's "TURN credentials").</li>
 *   <li>{@link #allowHosts(Collection)}: only server-provided URLs whose host is on an allow-list (exact
 *       names, or {@code *.example.com} for any name under that domain). For a signaling server operated by
 *       someone else while the TURN servers are your own.</li>
 *   <li>{@link #configuredOnly()}: server-provided ICE servers are ignored.</li>
 * </ul>
 *
 * <p>What a policy drops is logged once per {@code welcome} (URLs only; credentials are never logged).
 * Immutable.
 */
public final class IceServerPolicy {

    /** What a policy does with the ICE servers a signaling server provides. */
    public enum Mode {
        /** Uses them all. */
        USE_SERVER_PROVIDED,
        /** Uses only the URLs whose host is on the allow-list. */
        ALLOW_LISTED_HOSTS,
        /** Uses none of them. */
        CONFIGURED_ONLY
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");
    private static final IceServerPolicy USE_SERVER_PROVIDED = new IceServerPolicy(Mode.USE_SERVER_PROVIDED, Set.of());
    private static final IceServerPolicy CONFIGURED_ONLY = new IceServerPolicy(Mode.CONFIGURED_ONLY, Set.of());

    private final Mode mode;
    private final Set<String> allowedHosts;

    private IceServerPolicy(Mode mode, Set<String> allowedHosts) {
        this.mode = mode;
        this.allowedHosts = allowedHosts;
    }

    /**
     * Uses every ICE server the signaling server provides; the default, see the class description.
     *
     * @return the policy, never {@code null}
     */
    public static IceServerPolicy useServerProvided() {
        return USE_SERVER_PROVIDED;
    }

    /**
     * Ignores the ICE servers the signaling server provides.
     *
     * @return the policy, never {@code null}
     */
    public static IceServerPolicy configuredOnly() {
        return CONFIGURED_ONLY;
    }

    /**
     * Uses only the server-provided URLs whose host is on the list.
     *
     * @param hosts host names ({@code turn.example.com}), {@code *.example.com} for any name under a domain (not
     *              the domain itself), or IP addresses (IPv6 with or without brackets); compared ignoring case.
     *              Never {@code null}, nor any element; may be empty (then it is {@link #configuredOnly()} in effect)
     * @return the policy, never {@code null}
     * @throws NullPointerException     if {@code hosts} or an element is {@code null}
     * @throws IllegalArgumentException if an element is not a host name, a {@code *.} pattern or an IP address
     *                                  (e.g. it carries a scheme or a port); the message names it
     */
    public static IceServerPolicy allowHosts(Collection<String> hosts) {
        Objects.requireNonNull(hosts, "hosts");
        Set<String> normalised = new TreeSet<>();
        for (String host : hosts) {
            Objects.requireNonNull(host, "hosts element");
            String h = stripBrackets(host.trim().toLowerCase(Locale.ROOT));
            String name = h.startsWith("*.") ? h.substring(2) : h;
            boolean ipv6 = !h.startsWith("*.") && h.contains(":") && IPV6.matcher(h).matches();
            if (!ipv6 && !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("allowed ICE host must be a host name, *.domain or an IP address "
                        + "(no scheme, no port), got '" + host + "'");
            }
            normalised.add(h);
        }
        return new IceServerPolicy(Mode.ALLOW_LISTED_HOSTS, Set.copyOf(normalised));
    }

    /**
     * Like {@link #allowHosts(Collection)}.
     *
     * @param hosts see {@link #allowHosts(Collection)}
     * @return the policy, never {@code null}
     */
    public static IceServerPolicy allowHosts(String... hosts) {
        return allowHosts(List.of(hosts));
    }

    /**
     * What this policy does.
     *
     * @return the mode, never {@code null}
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The allow-list, lower case, brackets removed from IPv6 addresses.
     *
     * @return an unmodifiable set, empty unless {@link #mode()} is {@link Mode#ALLOW_LISTED_HOSTS}
     */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    /**
     * Picks what this policy lets through of a signaling server's ICE servers. A server some of whose URLs are
     * not allowed keeps the others, with its credentials.
     *
     * @param provided the servers from {@code welcome}, never {@code null}
     * @return an unmodifiable list, never {@code null}
     */
    public List<IceServer> select(List<IceServer> provided) {
        Objects.requireNonNull(provided, "provided");
        return switch (mode) {
            case USE_SERVER_PROVIDED -> List.copyOf(provided);
            case CONFIGURED_ONLY -> List.of();
            case ALLOW_LISTED_HOSTS -> {
                List<IceServer> kept = new ArrayList<>();
                for (IceServer server : provided) {
                    List<String> urls = server.urls().stream().filter(this::allows).toList();
                    if (!urls.isEmpty()) {
                        kept.add(urls.size() == server.urls().size() ? server
                                : new IceServer(urls, server.username(), server.credential()));
                    }
                }
                yield List.copyOf(kept);
            }
        };
    }

    /**
     * Whether this policy lets a server-provided ICE URL through.
     *
     * @param url a {@code stun:}, {@code stuns:}, {@code turn:} or {@code turns:} URL, never {@code null}
     * @return {@code true} if it may be used; {@code false} for an URL without a readable host under an allow-list
     */
    public boolean allows(String url) {
        Objects.requireNonNull(url, "url");
        return switch (mode) {
            case USE_SERVER_PROVIDED -> true;
            case CONFIGURED_ONLY -> false;
            case ALLOW_LISTED_HOSTS -> {
                String host = hostOf(url);
                yield host != null && matches(host);
            }
        };
    }

    private boolean matches(String host) {
        if (allowedHosts.contains(host)) {
            return true;
        }
        for (String pattern : allowedHosts) {
            if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1) {
                return true;
            }
        }
        return false;
    }

    /** The host of {@code turn:host:port?transport=udp} (RFC 7064/7065), lower case, or {@code null}. */
    static String hostOf(String url) {
        int colon = url.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String rest = url.substring(colon + 1);
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        String host;
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            host = end < 0 ? null : rest.substring(1, end);
        } else {
            int port = rest.indexOf(':');
            host = port < 0 ? rest : rest.substring(0, port);
        }
        return host == null || host.isEmpty() || host.contains("@") || host.contains("/") ? null
                : host.toLowerCase(Locale.ROOT);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return mode == Mode.ALLOW_LISTED_HOSTS ? "IceServerPolicy[" + mode + " " + allowedHosts + "]"
                : "IceServerPolicy[" + mode + "]";
    }
}
