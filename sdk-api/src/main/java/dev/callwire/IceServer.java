package dev.callwire;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A STUN or TURN server for ICE, as in the browser's {@code RTCIceServer}.
 *
 * <p>URLs use the schemes {@code stun:}, {@code stuns:}, {@code turn:} and {@code turns:}
 * (e.g. {@code turn:turn.example.com:3478?transport=udp}). TURN servers need a username and a
 * credential; for coturn's REST scheme those are the time-limited pair the signaling server hands
 * out in {@code welcome}.
 *
 * @param urls       one or more URLs of the same server, never empty
 * @param username   TURN username, or {@code null}
 * @param credential TURN password, or {@code null}; never logged
 */
public record IceServer(List<String> urls, String username, String credential) {

    /**
     * Checks the URLs and credentials and copies the list.
     *
     * @param urls       one or more {@code stun:}, {@code stuns:}, {@code turn:} or {@code turns:} URLs of the
     *                   same server; never {@code null}, nor any element
     * @param username   TURN username, required when a URL is {@code turn:} or {@code turns:}, else may be {@code null}
     * @param credential TURN password, required when a URL is {@code turn:} or {@code turns:}, else may be
     *                   {@code null}; never logged
     * @throws NullPointerException     if {@code urls} or one of them is {@code null}
     * @throws IllegalArgumentException if {@code urls} is empty, a URL has another scheme, or a TURN server
     *                                  lacks its username or credential
     */
    public IceServer {
        Objects.requireNonNull(urls, "urls");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL");
        }
        boolean needsCredentials = false;
        for (String url : urls) {
            String lower = url.toLowerCase(Locale.ROOT);
            if (lower.startsWith("turn:") || lower.startsWith("turns:")) {
                needsCredentials = true;
            } else if (!lower.startsWith("stun:") && !lower.startsWith("stuns:")) {
                throw new IllegalArgumentException(
                        "ICE server URL must start with stun:, stuns:, turn: or turns:, got '" + url + "'");
            }
        }
        if (needsCredentials && (username == null || credential == null)) {
            throw new IllegalArgumentException("TURN server " + urls + " needs a username and a credential");
        }
    }

    /**
     * A STUN server (no credentials).
     *
     * @param url a {@code stun:} or {@code stuns:} URL, e.g. {@code stun:stun.example.com:3478}
     * @return the server, never {@code null}
     * @throws NullPointerException     if {@code url} is {@code null}
     * @throws IllegalArgumentException if {@code url} has another scheme, or is a TURN URL (which needs credentials)
     */
    public static IceServer stun(String url) {
        return new IceServer(List.of(url), null, null);
    }

    /**
     * A TURN server with a username and credential.
     *
     * @param url        a {@code turn:} or {@code turns:} URL, e.g. {@code turn:turn.example.com:3478?transport=udp}
     * @param username   TURN username, never {@code null}
     * @param credential TURN password, never {@code null}; never logged
     * @return the server, never {@code null}
     * @throws NullPointerException     if {@code url} is {@code null}
     * @throws IllegalArgumentException if {@code url} has another scheme, or the username or credential is missing
     */
    public static IceServer turn(String url, String username, String credential) {
        return new IceServer(List.of(url), username, credential);
    }

    /** Hides the credential so a config can be logged. */
    @Override
    public String toString() {
        return "IceServer[urls=" + urls + (username == null ? "" : ", username=" + username)
                + (credential == null ? "" : ", credential=***") + "]";
    }
}
