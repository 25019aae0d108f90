package dev.callwire.server.internal;

import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.ProtocolException;

/**
 * The protocol's rule for display names beyond their length: no control characters (C0, DEL, C1, which
 * forge line breaks and terminal escapes in other members' UIs and logs) and no bidirectional overrides,
 * embeddings or isolates (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C, which make a name display
 * as something else). A name breaking it is refused with {@code bad-message}.
 */
final class DisplayNames {

    private DisplayNames() {
    }

    /** Returns {@code name} if it obeys the rule ({@code null} does). */
    static String require(String name) {
        if (name == null) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isForbidden(c)) {
                throw new ProtocolException(ProtocolError.BAD_MESSAGE, String.format(
                        "name must not contain control or bidirectional-override characters (U+%04X at %d)",
                        (int) c, i), "join");
            }
        }
        return name;
    }

    static boolean isForbidden(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c
                || c == 0x2028 || c == 0x2029; // line and paragraph separators break lines like \n
    }
}
