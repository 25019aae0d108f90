package dev.callwire.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The implementation of {@link dev.callwire.spi.support.Redactor}, here rather than there so that
 * {@code dev.callwire} (for {@code ClientConfig.toString}) can use it without depending on
 * {@code dev.callwire.spi.support}, which depends on {@code dev.callwire}. Not API.
 */
public final class UriRedaction {

    private static final String MASK = "***";
    /** A parameter whose name, lower-cased and without separators, contains one of these holds a secret. */
    private static final List<String> SECRET_NAME_PARTS = List.of("pass", "pwd", "token", "secret", "key",
            "credential", "auth", "signature", "session");

    private UriRedaction() {
    }

    /**
     * See {@link dev.callwire.spi.support.Redactor#redact(URI)}.
     *
     * @param uri the URI, or {@code null}
     * @return the masked URI, never {@code null}
     */
    public static String redact(URI uri) {
        if (uri == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append(':');
        }
        if (uri.isOpaque()) {
            // No structure to trust (e.g. "mqtt:user:pass@host"): whatever precedes an '@' may be credentials.
            String part = uri.getRawSchemeSpecificPart();
            int query = part.indexOf('?');
            out.append(maskUserInfo(query < 0 ? part : part.substring(0, query)));
            if (query >= 0) {
                out.append('?').append(maskQuery(part.substring(query + 1)));
            }
            return out.toString();
        }
        // The raw authority, not host and port: an authority java.net.URI cannot parse as a server
        // (e.g. a host name with '_') has neither, and its user info is only found here.
        if (uri.getRawAuthority() != null) {
            out.append("//").append(maskUserInfo(uri.getRawAuthority()));
        } else if (uri.getRawSchemeSpecificPart().startsWith("//")) {
            out.append("//"); // an empty authority, as in "mqtt:///prefix": show what the user wrote
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            out.append('?').append(maskQuery(uri.getRawQuery()));
        }
        return out.toString();
    }

    /** The last '@' ends the user info: a password may contain an unescaped '@' that URI parsing accepted. */
    private static String maskUserInfo(String authority) {
        int at = authority.lastIndexOf('@');
        return at < 0 ? authority : MASK + authority.substring(at);
    }

    private static String maskQuery(String query) {
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq >= 0 && isSecret(pair.substring(0, eq))) {
                out.append(pair, 0, eq + 1).append(MASK);
            } else {
                out.append(pair);
            }
            out.append('&');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static boolean isSecret(String rawName) {
        // "access_token", "X-Api-Key", "client.secret", "pass%77ord": decoded, without case and separators.
        // (java.net.URI accepts only well-formed escapes, so decoding cannot fail.)
        String name = URLDecoder.decode(rawName, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                .replaceAll("[-_.\\s]", "");
        if (name.equals("sig")) {
            return true;
        }
        for (String part : SECRET_NAME_PARTS) {
            if (name.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
