package dev.callwire.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value from a streaming parser into plain Java values, for {@link ProtocolCodec#decode}:
 * an object is a {@code Map<String, Object>} (a repeated key keeps its last value), an array a {@code List<Object>},
 * a string a {@code String}, an integer that fits an {@code int} an {@code Integer}; {@code null}, a larger
 * integer and every other scalar are the markers below.
 *
 * <p>Why not Jackson's tree: the server decodes every relayed message, and building a {@code JsonNode} tree
 * (a deserialization context, a node per value) cost about as much as the rest of the decoding. The whole value
 * is still read before anything is checked, so a syntax error anywhere is reported first, as it was.
 *
 * <p>{@link #readPlain} goes further for the envelopes clients actually send: objects of strings without escapes,
 * small integers and {@code null}, read straight from the text without a parser. It only ever accepts what the
 * parser reads the same way; anything else (an escape, a literal, an array, a long name...) makes it give up and
 * the parser reads the text, so errors and their messages stay the parser's.
 */
final class JsonValues {

    /** JSON {@code null}. */
    static final Object NULL = new Marker("null");
    /** An integer outside the {@code int} range: integral, but never a valid version or m-line index. */
    static final Object BIG_INTEGER = new Marker("big integer");
    /** {@code true}, {@code false} or a fractional number: no protocol field takes one. */
    static final Object OTHER_SCALAR = new Marker("other scalar");

    private record Marker(String what) {
    }

    /** Objects nested deeper than this (the envelope, then {@code candidate} or {@code peer}) are left to the parser. */
    private static final int PLAIN_DEPTH = 2;
    /** The parser refuses very long names; no protocol field comes near this, so longer ones are left to it. */
    private static final int PLAIN_NAME_LENGTH = 64;

    private final String text;
    private int at;

    private JsonValues(String text) {
        this.text = text;
    }

    /**
     * The object {@code text} starts with, read without a parser when it uses only strings without escapes or
     * control characters, integers of up to 9 digits, {@code null} and objects of those; {@code null} otherwise.
     * Like the parser, it reads the first value only.
     */
    static Map<String, Object> readPlain(String text) {
        JsonValues reader = new JsonValues(text);
        reader.skipSpace();
        Map<String, Object> object = reader.plainObject(1);
        if (object == null) {
            return null;
        }
        reader.skipSpace();
        // Text after the object is left to the parser, which refuses it.
        return reader.at == text.length() ? object : null;
    }

    /** The names of PROTOCOL.md's members, most frequent first (the order only saves comparisons). */
    private static final String[] KNOWN_NAMES = {"v", "type", "room", "to", "call", "sdp", "from", "candidate",
        "sdpMid", "sdpMLineIndex", "reason", "name", "token", "resume", "resumeKey", "peer", "peers", "id", "self",
        "iceServers", "urls", "username", "credential", "code", "message", "ref"};

    private Map<String, Object> plainObject(int depth) {
        if (at >= text.length() || text.charAt(at) != '{') {
            return null;
        }
        at++;
        Map<String, Object> object = new HashMap<>();
        skipSpace();
        if (at < text.length() && text.charAt(at) == '}') {
            at++;
            return object;
        }
        while (true) {
            String name = plainName();
            if (name == null || name.length() > PLAIN_NAME_LENGTH) {
                return null;
            }
            skipSpace();
            if (at >= text.length() || text.charAt(at) != ':') {
                return null;
            }
            at++;
            skipSpace();
            Object value = plainValue(depth);
            if (value == null) {
                return null;
            }
            object.put(name, value);
            skipSpace();
            if (at >= text.length()) {
                return null;
            }
            char c = text.charAt(at++);
            if (c == '}') {
                return object;
            }
            if (c != ',') {
                return null;
            }
            skipSpace();
        }
    }

    private Object plainValue(int depth) {
        if (at >= text.length()) {
            return null;
        }
        char c = text.charAt(at);
        if (c == '"') {
            return plainString();
        }
        if (c == '{') {
            return depth < PLAIN_DEPTH ? plainObject(depth + 1) : null;
        }
        if (text.startsWith("null", at)) {
            at += 4;
            return atTokenEnd() ? NULL : null;
        }
        int start = at;
        if (c == '-') {
            at++;
        }
        int digits = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        int count = at - digits;
        // No leading zeros (the parser refuses them), at most 9 digits (always an int), nothing number-like after.
        if (count == 0 || count > 9 || (count > 1 && text.charAt(digits) == '0') || !atTokenEnd()) {
            return null;
        }
        return Integer.parseInt(text, start, at, 10);
    }

    /** Whether a scalar ended where a separator or the end of the object may follow. */
    private boolean atTokenEnd() {
        if (at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** A string at {@code at} without escapes or control characters (the parser's business), or {@code null}. */
    /**
     * A member name: one of the protocol's own names is returned as that constant rather than as a new substring (six
     * to eight names per envelope, on the server for every relayed message); any other name as {@link #plainString}.
     */
    private String plainName() {
        if (at >= text.length() || text.charAt(at) != '"') {
            return null;
        }
        for (String known : KNOWN_NAMES) {
            int end = at + 1 + known.length(); // where its closing quote must be
            if (end < text.length() && text.charAt(end) == '"' && text.regionMatches(at + 1, known, 0, known.length())) {
                at = end + 1;
                return known;
            }
        }
        return plainString();
    }

    private String plainString() {
        if (at >= text.length() || text.charAt(at) != '"') {
            return null;
        }
        int start = at + 1;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                at = i + 1;
                return text.substring(start, i);
            }
            if (c == '\\' || c < 0x20) {
                return null;
            }
        }
        return null;
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    /** The value starting at {@code token}, the parser's current token; consumes it whole. */
    static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new HashMap<>();
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    object.put(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NULL:
                return NULL;
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.INT ? Integer.valueOf(parser.getIntValue())
                        : BIG_INTEGER;
            default:
                return OTHER_SCALAR;
        }
    }
}
