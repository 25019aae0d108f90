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

    private JsonValues() {
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
