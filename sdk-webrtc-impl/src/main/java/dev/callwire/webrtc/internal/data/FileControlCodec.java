package dev.callwire.webrtc.internal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callwire.webrtc.internal.data.FileControl.Abort;
import dev.callwire.webrtc.internal.data.FileControl.Accept;
import dev.callwire.webrtc.internal.data.FileControl.Ack;
import dev.callwire.webrtc.internal.data.FileControl.End;
import dev.callwire.webrtc.internal.data.FileControl.Refuse;
import dev.callwire.webrtc.internal.data.FileControl.Start;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * JSON for {@link FileControl}: one object per text message, its kind in {@code "t"}. Decoding is strict about
 * what it needs (types, ranges, a known kind) and ignores fields it does not know; anything wrong is reported as
 * a {@link MalformedControlException}, never as another exception, so callers on any thread stay safe.
 */
final class FileControlCodec {

    /** Control messages are small; anything longer is refused before it is parsed. */
    static final int MAX_MESSAGE_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FileControlCodec() {
    }

    static byte[] encode(FileControl message) {
        ObjectNode node = JSON.createObjectNode();
        if (message instanceof Start s) {
            node.put("t", "start").put("id", s.id()).put("name", s.name()).put("size", s.size())
                    .put("sha256", s.sha256());
        } else if (message instanceof Accept a) {
            node.put("t", "accept").put("id", a.id());
        } else if (message instanceof Refuse r) {
            node.put("t", "refuse").put("id", r.id()).put("reason", r.reason());
        } else if (message instanceof End e) {
            node.put("t", "end").put("id", e.id());
        } else if (message instanceof Ack a) {
            node.put("t", "ack").put("id", a.id()).put("ok", a.ok());
            if (!a.reason().isEmpty()) {
                node.put("reason", a.reason());
            }
        } else if (message instanceof Abort a) {
            node.put("t", "abort").put("id", a.id()).put("reason", a.reason());
        } else {
            throw new IllegalArgumentException("unknown control message " + message);
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    static FileControl decode(byte[] bytes) throws MalformedControlException {
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new MalformedControlException("control message of " + bytes.length + " bytes, over the "
                    + MAX_MESSAGE_BYTES + "-byte limit", null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new MalformedControlException("control message is not JSON: " + firstLine(e), null);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedControlException("control message is not a JSON object", null);
        }
        String id = node.path("id").isTextual() ? node.path("id").asText() : null;
        String type = text(node, "t", id);
        try {
            return switch (type) {
                case "start" -> new Start(text(node, "id", id), text(node, "name", id), size(node, id),
                        text(node, "sha256", id));
                case "accept" -> new Accept(text(node, "id", id));
                case "refuse" -> new Refuse(text(node, "id", id), optionalText(node, "reason", id));
                case "end" -> new End(text(node, "id", id));
                case "ack" -> new Ack(text(node, "id", id), bool(node, "ok", id), optionalText(node, "reason", id));
                case "abort" -> new Abort(text(node, "id", id), optionalText(node, "reason", id));
                default -> throw new MalformedControlException("unknown control message '" + type + "'", id);
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedControlException("bad '" + type + "': " + e.getMessage(), id);
        }
    }

    private static String text(JsonNode node, String field, String id) throws MalformedControlException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedControlException("field '" + field + "' must be a string", id);
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field, String id) throws MalformedControlException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : text(node, field, id);
    }

    private static long size(JsonNode node, String id) throws MalformedControlException {
        JsonNode value = node.get("size");
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new MalformedControlException("field 'size' must be a whole number of bytes, zero or more", id);
        }
        return value.asLong();
    }

    private static boolean bool(JsonNode node, String field, String id) throws MalformedControlException {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new MalformedControlException("field '" + field + "' must be true or false", id);
        }
        return value.asBoolean();
    }

    private static String firstLine(java.io.IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    /** A control message that cannot be understood; {@link #id()} names its transfer when that much was readable. */
    static final class MalformedControlException extends Exception {

        private static final long serialVersionUID = 1L;
        private final transient String id;

        MalformedControlException(String message, String id) {
            super(message);
            this.id = id;
        }

        /** @return the transfer id if the message carried a well-formed one */
        Optional<String> id() {
            try {
                return Optional.ofNullable(id).map(i -> new Accept(i).id());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
