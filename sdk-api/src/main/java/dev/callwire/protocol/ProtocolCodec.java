package dev.callwire.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.IceServer;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of the signaling protocol: one envelope per message, as every transport and the
 * signaling server carry it. Thread-safe; all methods are static.
 *
 * <p>Decoding applies every rule of the protocol and reports a violation as a
 * {@link ProtocolException} whose {@link ProtocolException#error() code} is the one a server
 * answers with ({@code too-large} or {@code bad-message}) and whose {@link ProtocolException#ref()
 * ref} names the type that failed when it could be read. Unknown fields are ignored; an unknown
 * {@code type} is a {@code bad-message} (a peer drops it, a server answers with {@code error}).
 */
public final class ProtocolCodec {

    /** Largest encoded message, in UTF-8 bytes. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private ProtocolCodec() {
    }

    /**
     * Encodes a message as one JSON text.
     *
     * @param message the message, never {@code null}; valid by construction
     * @return one JSON object with {@code v}, {@code type} and the message's fields; never {@code null}
     * @throws ProtocolException    with code {@code too-large} when the result exceeds {@link #MAX_MESSAGE_BYTES}
     * @throws NullPointerException if {@code message} is {@code null}
     */
    public static String encode(Message message) {
        String text = message instanceof DirectedMessage directed ? DirectedWriter.write(directed) : generate(message);
        if (utf8Length(text) > MAX_MESSAGE_BYTES) {
            throw new ProtocolException(ProtocolError.TOO_LARGE,
                    message.type().wireName() + " message is larger than " + MAX_MESSAGE_BYTES + " bytes",
                    message.type().wireName());
        }
        return text;
    }

    /**
     * Written field by field with Jackson's generator, without building a tree first: the other types, rarer, and
     * (package-private) the reference {@link DirectedWriter}'s output is tested against.
     */
    static String generate(Message message) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("v", Message.VERSION);
            json.writeStringField("type", message.type().wireName());
            if (message.room() != null) {
                json.writeStringField("room", message.room());
            }
            if (message instanceof DirectedMessage directed) {
                writeIfPresent(json, "from", directed.from());
                json.writeStringField("to", directed.to());
                json.writeStringField("call", directed.callId());
            }
            writeFields(json, message);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("JSON encoding into memory cannot fail", e);
        }
        return out.toString();
    }

    /** The fields of each type after the envelope's common ones, in the order the tree encoding had them. */
    private static void writeFields(JsonGenerator json, Message message) throws IOException {
        if (message instanceof Join join) {
            writeIfPresent(json, "name", join.name());
            writeIfPresent(json, "token", join.token());
            writeIfPresent(json, "resume", join.resume());
            writeIfPresent(json, "resumeKey", join.resumeKey());
        } else if (message instanceof Offer offer) {
            json.writeStringField("sdp", offer.sdp());
        } else if (message instanceof Answer answer) {
            json.writeStringField("sdp", answer.sdp());
        } else if (message instanceof Candidate candidate) {
            IceCandidate ice = candidate.candidate();
            if (ice == null) {
                json.writeNullField("candidate");
            } else {
                json.writeObjectFieldStart("candidate");
                json.writeStringField("candidate", ice.candidate());
                writeIfPresent(json, "sdpMid", ice.sdpMid());
                if (ice.sdpMLineIndex() != null) {
                    json.writeNumberField("sdpMLineIndex", ice.sdpMLineIndex());
                }
                json.writeEndObject();
            }
        } else if (message instanceof Bye bye) {
            if (bye.reason() != null) {
                json.writeStringField("reason", bye.reason().wireName());
            }
        } else if (message instanceof Welcome welcome) {
            json.writeStringField("self", welcome.self());
            json.writeArrayFieldStart("peers");
            for (PeerInfo peer : welcome.peers()) {
                writePeer(json, peer);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("iceServers");
            for (IceServer server : welcome.iceServers()) {
                json.writeStartObject();
                json.writeArrayFieldStart("urls");
                for (String url : server.urls()) {
                    json.writeString(url);
                }
                json.writeEndArray();
                writeIfPresent(json, "username", server.username());
                writeIfPresent(json, "credential", server.credential());
                json.writeEndObject();
            }
            json.writeEndArray();
            writeIfPresent(json, "resumeKey", welcome.resumeKey());
        } else if (message instanceof PeerJoined joined) {
            json.writeFieldName("peer");
            writePeer(json, joined.peer());
        } else if (message instanceof PeerLeft left) {
            json.writeObjectFieldStart("peer");
            json.writeStringField("id", left.peerId());
            json.writeEndObject();
        } else if (message instanceof ErrorMessage error) {
            json.writeStringField("code", error.code().wireName());
            json.writeStringField("message", error.message());
            writeIfPresent(json, "ref", error.ref());
        }
    }

    /**
     * Decodes and validates one JSON text.
     *
     * @param text one JSON envelope; {@code null} is refused as {@code bad-message}
     * @return the message, never {@code null}
     * @throws ProtocolException with code {@code too-large} or {@code bad-message}
     */
    public static Message decode(String text) {
        if (text == null) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "empty message");
        }
        if (utf8Length(text) > MAX_MESSAGE_BYTES) {
            throw new ProtocolException(ProtocolError.TOO_LARGE,
                    "message is larger than " + MAX_MESSAGE_BYTES + " bytes");
        }
        Object value = JsonValues.readPlain(text);
        if (value == null) {
            value = parse(text);
        }
        if (!(value instanceof Map<?, ?> node)) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "message must be a JSON object");
        }
        String typeName = node.get("type") instanceof String name ? name : null;
        Object version = node.get("v");
        if (!(version instanceof Integer number) || number != Message.VERSION) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE,
                    "field 'v' must be the protocol version " + Message.VERSION, typeName);
        }
        if (typeName == null) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "field 'type' must be a string");
        }
        MessageType type = MessageType.fromWireName(typeName).orElseThrow(() -> new ProtocolException(
                ProtocolError.BAD_MESSAGE, "unknown message type " + Names.describe(typeName), typeName));
        try {
            return decode(type, new Fields(node, type));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, e.getMessage(), typeName);
        }
    }

    /** Any JSON text, by the parser; {@code null} when there is no value at all. */
    private static Object parse(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            Object value = first == null ? null : JsonValues.read(parser, first);
            // One envelope per message: a second value (a socket.io event's second argument, junk) is refused, not
            // silently dropped.
            if (value != null && parser.nextToken() != null) {
                throw new ProtocolException(ProtocolError.BAD_MESSAGE, "message has more after its JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "message is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from a string cannot fail otherwise", e);
        }
    }

    private static Message decode(MessageType type, Fields f) {
        switch (type) {
            case JOIN:
                return new Join(f.room(), f.optionalString("name"), f.optionalString("token"),
                        f.optionalString("resume"), f.optionalString("resumeKey"));
            case LEAVE:
                return new Leave(f.room());
            case OFFER:
                return new Offer(f.room(), f.optionalString("from"), f.requiredString("to"),
                        f.requiredString("call"), f.requiredString("sdp"));
            case ANSWER:
                return new Answer(f.room(), f.optionalString("from"), f.requiredString("to"),
                        f.requiredString("call"), f.requiredString("sdp"));
            case CANDIDATE:
                return new Candidate(f.room(), f.optionalString("from"), f.requiredString("to"),
                        f.requiredString("call"), f.candidate());
            case BYE: {
                String reason = f.optionalString("reason");
                ByeReason byeReason = reason == null ? null : ByeReason.fromWireName(reason)
                        .orElseThrow(() -> f.bad("unknown bye reason " + Names.describe(reason)));
                return new Bye(f.room(), f.optionalString("from"), f.requiredString("to"),
                        f.requiredString("call"), byeReason);
            }
            case WELCOME:
                return new Welcome(f.room(), f.requiredString("self"), f.peers(), f.iceServers(),
                        f.optionalString("resumeKey"));
            case PEER_JOINED: {
                Map<?, ?> peer = f.requiredObject("peer");
                return new PeerJoined(f.room(), f.peer(peer));
            }
            case PEER_LEFT: {
                Map<?, ?> peer = f.requiredObject("peer");
                return new PeerLeft(f.room(), f.string(peer, "peer.id", "id", true));
            }
            case ERROR: {
                String code = f.requiredString("code");
                ProtocolError error = ProtocolError.fromWireName(code)
                        .orElseThrow(() -> f.bad("unknown error code " + Names.describe(code)));
                return new ErrorMessage(f.optionalString("room"), error, f.optionalString("message"),
                        f.optionalString("ref"));
            }
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static void writePeer(JsonGenerator json, PeerInfo peer) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", peer.id());
        writeIfPresent(json, "name", peer.name());
        json.writeEndObject();
    }

    private static int utf8Length(String text) {
        // Cheap bound first: a char never takes more than 3 UTF-8 bytes.
        if ((long) text.length() * 3 <= MAX_MESSAGE_BYTES) {
            return text.length();
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Typed access to an envelope's fields (as {@link JsonValues} reads them), failing with the type's name in every
     * error.
     */
    private static final class Fields {
        private final Map<?, ?> node;
        private final MessageType type;

        Fields(Map<?, ?> node, MessageType type) {
            this.node = node;
            this.type = type;
        }

        ProtocolException bad(String message) {
            return new ProtocolException(ProtocolError.BAD_MESSAGE, message, type.wireName());
        }

        String room() {
            return requiredString("room");
        }

        String requiredString(String field) {
            return string(node, field, field, true);
        }

        String optionalString(String field) {
            return string(node, field, field, false);
        }

        String string(Map<?, ?> parent, String label, String field, boolean required) {
            Object value = parent.get(field);
            if (value == null || value == JsonValues.NULL) {
                if (required) {
                    throw bad(type.wireName() + " needs field '" + label + "'");
                }
                return null;
            }
            if (!(value instanceof String text)) {
                throw bad("field '" + label + "' must be a string");
            }
            return text;
        }

        Map<?, ?> requiredObject(String field) {
            if (!(node.get(field) instanceof Map<?, ?> value)) {
                throw bad(type.wireName() + " needs object field '" + field + "'");
            }
            return value;
        }

        PeerInfo peer(Map<?, ?> peer) {
            return new PeerInfo(string(peer, "peer.id", "id", true), string(peer, "peer.name", "name", false));
        }

        IceCandidate candidate() {
            if (!node.containsKey("candidate")) {
                throw bad("candidate needs field 'candidate' (an object, or null for end of candidates)");
            }
            Object value = node.get("candidate");
            if (value == JsonValues.NULL) {
                return null;
            }
            if (!(value instanceof Map<?, ?> object)) {
                throw bad("field 'candidate' must be an object or null");
            }
            Object index = object.get("sdpMLineIndex");
            Integer mLineIndex = null;
            if (index != null && index != JsonValues.NULL) {
                if (!(index instanceof Integer integer)) {
                    throw bad("field 'candidate.sdpMLineIndex' must be an integer");
                }
                mLineIndex = integer;
            }
            return new IceCandidate(string(object, "candidate.candidate", "candidate", true),
                    string(object, "candidate.sdpMid", "sdpMid", false), mLineIndex);
        }

        List<PeerInfo> peers() {
            List<PeerInfo> peers = new ArrayList<>();
            for (Object peer : array("peers")) {
                if (!(peer instanceof Map<?, ?> object)) {
                    throw bad("every entry of 'peers' must be an object");
                }
                peers.add(peer(object));
            }
            return peers;
        }

        List<IceServer> iceServers() {
            List<IceServer> servers = new ArrayList<>();
            for (Object entry : array("iceServers")) {
                if (!(entry instanceof Map<?, ?> server)) {
                    throw bad("every entry of 'iceServers' must be an object");
                }
                Object urlsValue = server.get("urls");
                List<String> urls = new ArrayList<>();
                if (urlsValue instanceof String url) {
                    urls.add(url); // the browser accepts a single string too
                } else if (urlsValue instanceof List<?> list) {
                    for (Object url : list) {
                        if (!(url instanceof String text)) {
                            throw bad("every entry of 'iceServers[].urls' must be a string");
                        }
                        urls.add(text);
                    }
                } else {
                    throw bad("field 'iceServers[].urls' must be a list of strings");
                }
                servers.add(new IceServer(urls, string(server, "iceServers[].username", "username", false),
                        string(server, "iceServers[].credential", "credential", false)));
            }
            return servers;
        }

        private List<?> array(String field) {
            Object value = node.get(field);
            if (value == null || value == JsonValues.NULL) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw bad("field '" + field + "' must be a list");
            }
            return list;
        }
    }
}
