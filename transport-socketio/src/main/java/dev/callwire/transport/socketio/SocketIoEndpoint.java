package dev.callwire.transport.socketio;

import dev.callwire.spi.support.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a {@code socketio+http(s):} URI points: the server's HTTP URL, the engine.io path, the socket.io
 * namespace and the engine.io transports to use.
 *
 * <p>{@code socketio+http://host:8080/?path=/socket.io/&transports=websocket,polling}: the URI path is the
 * namespace ({@code /} by default); {@code path} and {@code transports} are read from the query and removed,
 * any other query parameters go to the server with the handshake.
 *
 * @param server     {@code http(s)://host:port/namespace[?other-query]}, the URI given to the socket.io client
 * @param path       engine.io path, {@code /socket.io/} by default
 * @param transports engine.io transports in order of preference, {@code websocket} by default
 */
record SocketIoEndpoint(URI server, String path, List<String> transports) {

    static final String DEFAULT_PATH = "/socket.io/";
    private static final List<String> KNOWN_TRANSPORTS = List.of("websocket", "polling");

    static SocketIoEndpoint parse(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("socketio+http") && !scheme.equals("socketio+https")) {
            throw new IllegalArgumentException("the socket.io transport handles socketio+http: and socketio+https: URIs, "
                    + "not " + uri.getScheme() + ":");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("socket.io signaling URI needs a host, e.g. socketio+http://127.0.0.1:8080;"
                    + " got " + Redactor.redact(uri));
        }
        String path = DEFAULT_PATH;
        List<String> transports = List.of("websocket");
        List<String> rest = new ArrayList<>();
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (key.equals("path")) {
                    if (!value.startsWith("/")) {
                        throw new IllegalArgumentException("socket.io 'path' must start with '/', got '" + value + "'");
                    }
                    path = value;
                } else if (key.equals("transports")) {
                    transports = new ArrayList<>();
                    for (String t : value.split(",")) {
                        String name = t.trim().toLowerCase(Locale.ROOT);
                        if (!KNOWN_TRANSPORTS.contains(name)) {
                            throw new IllegalArgumentException("unknown socket.io transport '" + t + "'; use "
                                    + KNOWN_TRANSPORTS);
                        }
                        transports.add(name);
                    }
                    transports = List.copyOf(transports);
                } else if (!pair.isEmpty()) {
                    rest.add(pair);
                }
            }
        }
        String namespace = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        try {
            URI server = new URI(scheme.substring("socketio+".length()) + "://" + uri.getRawAuthority() + namespace
                    + (rest.isEmpty() ? "" : "?" + String.join("&", rest)));
            return new SocketIoEndpoint(server, path, transports);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a usable socket.io URI: " + Redactor.redact(uri), e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return Redactor.redact(server) + " (path " + path + ", " + String.join("/", transports) + ")";
    }
}
