package dev.callwire.spi;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Makes signaling URIs safe to log: user info and secret-looking query values are masked. */
public final class Redaction {

    private static final Set<String> SECRET_KEYS = Set.of("password", "pass", "pwd", "token", "secret", "key",
            "credential", "auth", "apikey", "api_key", "access_token");
    private static final Pattern PARAM = Pattern.compile("([^&=]+)=([^&]*)");

    private Redaction() {
    }

    /**
     * The URI as a string with {@code user:password@} and values of keys such as {@code password} or
     * {@code token} replaced by {@code ***}. The fragment is dropped.
     *
     * @param uri the URI, or {@code null}
     * @return the masked URI, or {@code "null"} for {@code null}; never {@code null}
     */
    public static String redact(URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.isOpaque()) {
            return uri.getScheme() + ":" + maskQuery(uri.getRawSchemeSpecificPart());
        }
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        if (uri.getRawUserInfo() != null) {
            out.append("***@");
        }
        if (uri.getHost() != null) {
            out.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            out.append('?').append(maskQuery(uri.getRawQuery()));
        }
        return out.toString();
    }

    private static String maskQuery(String query) {
        Matcher m = PARAM.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean secret = SECRET_KEYS.contains(m.group(1).toLowerCase(Locale.ROOT));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "=" + (secret ? "***" : m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
