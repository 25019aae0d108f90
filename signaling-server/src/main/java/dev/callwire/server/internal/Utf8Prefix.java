package dev.callwire.server.internal;

/**
 * UTF-8 (RFC 3629) checked on bytes that may stop inside a character, as the fragments of a WebSocket text message
 * do: RFC 6455 section 8.1 wants a message failed as soon as its bytes cannot be UTF-8 any more, and a character
 * may be split across fragments. A byte is refused as soon as no continuation could make it valid: an overlong
 * form, a surrogate or a code point over U+10FFFF is known from its second byte at the latest.
 *
 * <p>Stateless, so it costs an idle connection nothing: the state between fragments is the incomplete character at
 * the end of the bytes held anyway, found again by {@link #incompleteTail}.
 */
final class Utf8Prefix {

    /** {@link #check}'s answer for bytes that are not, and cannot become, UTF-8. */
    static final int INVALID = -1;

    private Utf8Prefix() {
    }

    /**
     * Checks {@code bytes[from, to)}, which start on a character boundary.
     *
     * @return {@code to} if they are UTF-8 ending on a character boundary; the index of a last character that is
     *         valid so far but incomplete; or {@link #INVALID}
     */
    static int check(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length;
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                if (lead == 0xE0) {
                    low = 0xA0; // below: overlong
                } else if (lead == 0xED) {
                    high = 0x9F; // above: UTF-16 surrogates
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                if (lead == 0xF0) {
                    low = 0x90; // below: overlong
                } else if (lead == 0xF4) {
                    high = 0x8F; // above: over U+10FFFF
                }
            } else {
                return INVALID; // a continuation without a lead, C0 and C1 (overlong) or F5..FF (too large)
            }
            int available = Math.min(length, to - i);
            for (int k = 1; k < available; k++) {
                int next = bytes[i + k] & 0xFF;
                if (k == 1 ? next < low || next > high : next < 0x80 || next > 0xBF) {
                    return INVALID;
                }
            }
            if (available < length) {
                return i;
            }
            i += length;
        }
        return to;
    }

    /**
     * Where an incomplete last character starts in {@code bytes[0, end)}, which {@link #check} found valid so far;
     * {@code end} if they end on a character boundary. Looks at three bytes at most.
     */
    static int incompleteTail(byte[] bytes, int end) {
        for (int i = end - 1; i >= Math.max(0, end - 3); i--) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                return end;
            }
            if (b >= 0xC0) {
                int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return end - i < length ? i : end;
            }
        }
        return end;
    }
}
