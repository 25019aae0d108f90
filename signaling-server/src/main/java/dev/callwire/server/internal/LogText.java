package dev.callwire.server.internal;

/**
 * Client-supplied text made safe for a log line: quoted, with control, bidirectional-override and other
 * invisible formatting characters written as {@code \\uXXXX} (so nobody can forge a line break, a fake log
 * entry or text that displays reversed), and cut at 80 characters.
 */
final class LogText {

    private static final int MAX = 80;

    private LogText() {
    }

    /** {@code "text"} escaped, or {@code null} for {@code null}. */
    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 8).append('"');
        int end = Math.min(text.length(), MAX);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (DisplayNames.isForbidden(c) || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c) && !validPair(text, i)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX) {
            out.append("...");
        }
        return out.append('"').toString();
    }

    private static boolean validPair(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
