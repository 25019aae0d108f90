package dev.callwire.protocol;

/**
 * Writes the four relayed types ({@code offer}, {@code answer}, {@code candidate}, {@code bye}) into a
 * {@code StringBuilder}: the server encodes one for every message it relays, and a Jackson generator per message
 * (its context, a recycled buffer from a thread-local pool, a {@code StringWriter}) cost more than the text itself.
 *
 * <p>The output is the same, character for character, as the generator's: the same field order and Jackson's
 * escaping (quote and backslash, the short forms for backspace, tab, newline, form feed and carriage return, a
 * six-character unicode escape for the other control characters, nothing else), so peers see no difference.
 */
final class DirectedWriter {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DirectedWriter() {
    }

    static String write(DirectedMessage message) {
        StringBuilder out = new StringBuilder(128 + payloadLength(message));
        out.append("{\"v\":").append(Message.VERSION);
        field(out, "type", message.type().wireName());
        field(out, "room", message.room());
        if (message.from() != null) {
            field(out, "from", message.from());
        }
        field(out, "to", message.to());
        field(out, "call", message.callId());
        if (message instanceof Offer offer) {
            field(out, "sdp", offer.sdp());
        } else if (message instanceof Answer answer) {
            field(out, "sdp", answer.sdp());
        } else if (message instanceof Candidate candidate) {
            IceCandidate ice = candidate.candidate();
            if (ice == null) {
                out.append(",\"candidate\":null");
            } else {
                out.append(",\"candidate\":{\"candidate\":");
                quoted(out, ice.candidate());
                if (ice.sdpMid() != null) {
                    field(out, "sdpMid", ice.sdpMid());
                }
                if (ice.sdpMLineIndex() != null) {
                    out.append(",\"sdpMLineIndex\":").append(ice.sdpMLineIndex().intValue());
                }
                out.append('}');
            }
        } else if (message instanceof Bye bye) {
            if (bye.reason() != null) {
                field(out, "reason", bye.reason().wireName());
            }
        }
        return out.append('}').toString();
    }

    private static int payloadLength(DirectedMessage message) {
        if (message instanceof Offer offer) {
            return offer.sdp().length();
        }
        if (message instanceof Answer answer) {
            return answer.sdp().length();
        }
        return 0;
    }

    /** Appends {@code ,"name":"value"}; names are plain ASCII and never need escaping. */
    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        quoted(out, value);
    }

    /** Appends {@code value} as a JSON string, escaped as Jackson's generator escapes it by default. */
    static void quoted(StringBuilder out, String value) {
        out.append('"');
        int length = value.length();
        int plainFrom = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, plainFrom, i);
            plainFrom = i + 1;
            out.append('\\');
            switch (c) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(value, plainFrom, length).append('"');
    }
}
