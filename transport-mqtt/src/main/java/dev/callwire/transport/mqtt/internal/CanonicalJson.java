package dev.callwire.transport.mqtt.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON of an envelope, the input of its room-key MAC: RFC 8785 (JSON Canonicalization Scheme)
 * for the values signaling envelopes hold. Object members sorted by their names' UTF-16 code units, no
 * whitespace, strings with only the escapes JCS prescribes, integers in plain decimal. Fractional numbers,
 * integers beyond 2^53 and lone surrogates have no spelling here and are refused: no envelope of the protocol
 * has them, and a MAC over a guessed spelling would be worse than none.
 */
final class CanonicalJson {

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The value has no canonical form under the subset this class writes. */
    static final class NotCanonicalizable extends Exception {
        NotCanonicalizable(String message) {
            super(message);
        }
    }

    private CanonicalJson() {
    }

    static String of(JsonNode node) throws NotCanonicalizable {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) throws NotCanonicalizable {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    names.add(it.next().getKey());
                }
                names.sort(null); // String order is UTF-16 code unit order, as RFC 8785 asks
                out.append('{');
                boolean first = true;
                for (String name : names) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(name, out);
                    out.append(':');
                    write(node.get(name), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()
                        || Math.abs(node.longValue()) > MAX_SAFE_INTEGER) {
                    throw new NotCanonicalizable("a number that is not an integer within 2^53: " + node);
                }
                out.append(node.longValue());
            }
            default -> throw new NotCanonicalizable("a JSON value of kind " + node.getNodeType());
        }
    }

    private static void string(String s, StringBuilder out) throws NotCanonicalizable {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    out.append(c).append(s.charAt(++i));
                    continue;
                }
                throw new NotCanonicalizable("a string with a lone surrogate");
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
