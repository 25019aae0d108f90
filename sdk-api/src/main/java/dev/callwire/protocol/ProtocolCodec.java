package dev.callwire.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callwire.IceServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
        ObjectNode node = NODES.objectNode();
        node.put("v", Message.VERSION);
        node.put("type", message.type().wireName());
        if (message.room() != null) {
            node.put("room", message.room());
        }
        if (message instanceof DirectedMessage directed) {
            putIfPresent(node, "from", directed.from());
            node.put("to", directed.to());
            node.put("call", directed.callId());
        }
        if (message instanceof Join join) {
            putIfPresent(node, "name", join.name());
            putIfPresent(node, "token", join.token());
            putIfPresent(node, "resume", join.resume());
            putIfPresent(node, "resumeKey", join.resumeKey());
        } else if (message instanceof Offer offer) {
            node.put("sdp", offer.sdp());
        } else if (message instanceof Answer answer) {
            node.put("sdp", answer.sdp());
        } else if (message instanceof Candidate candidate) {
            IceCandidate ice = candidate.candidate();
            if (ice == null) {
                node.putNull("candidate");
            } else {
                ObjectNode c = node.putObject("candidate");
                c.put("candidate", ice.candidate());
                putIfPresent(c, "sdpMid", ice.sdpMid());
                if (ice.sdpMLineIndex() != null) {
                    c.put("sdpMLineIndex", ice.sdpMLineIndex());
                }
            }
        } else if (message instanceof Bye bye) {
            if (bye.reason() != null) {
                node.put("reason", bye.reason().wireName());
            }
        } else if (message instanceof Welcome welcome) {
            node.put("self", welcome.self());
            ArrayNode peers = node.putArray("peers");
            welcome.peers().forEach(p -> putPeer(peers.addObject(), p));
            ArrayNode servers = node.putArray("iceServers");
            for (IceServer server : welcome.iceServers()) {
                ObjectNode s = servers.addObject();
                ArrayNode urls = s.putArray("urls");
                server.urls().forEach(urls::add);
                putIfPresent(s, "username", server.username());
                putIfPresent(s, "credential", server.credential());
            }
            putIfPresent(node, "resumeKey", welcome.resumeKey());
        } else if (message instanceof PeerJoined joined) {
            putPeer(node.putObject("peer"), joined.peer());
        } else if (message instanceof PeerLeft left) {
            node.putObject("peer").put("id", left.peerId());
        } else if (message instanceof ErrorMessage error) {
            node.put("code", error.code().wireName());
            node.put("message", error.message());
            putIfPresent(node, "ref", error.ref());
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON encoding of a tree cannot fail", e);
        }
        if (utf8Length(text) > MAX_MESSAGE_BYTES) {
            throw new ProtocolException(ProtocolError.TOO_LARGE,
                    message.type().wireName() + " message is larger than " + MAX_MESSAGE_BYTES + " bytes",
                    message.type().wireName());
        }
        return text;
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
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "message is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "message must be a JSON object");
        }
        JsonNode typeNode = node.get("type");
        String typeName = typeNode != null && typeNode.isTextual() ? typeNode.textValue() : null;
        JsonNode version = node.get("v");
        if (version == null || !version.isIntegralNumber() || version.intValue() != Message.VERSION) {
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
                JsonNode peer = f.requiredObject("peer");
                return new PeerJoined(f.room(), f.peer(peer));
            }
            case PEER_LEFT: {
                JsonNode peer = f.requiredObject("peer");
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

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putPeer(ObjectNode node, PeerInfo peer) {
        node.put("id", peer.id());
        putIfPresent(node, "name", peer.name());
    }

    private static int utf8Length(String text) {
        // Cheap bound first: a char never takes more than 3 UTF-8 bytes.
        if ((long) text.length() * 3 <= MAX_MESSAGE_BYTES) {
            return text.length();
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Typed access to an envelope's fields, failing with the type's name in every error. */
    private static final class Fields {
        private final JsonNode node;
        private final MessageType type;

        Fields(JsonNode node, MessageType type) {
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

        String string(JsonNode parent, String label, String field, boolean required) {
            JsonNode value = parent.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw bad(type.wireName() + " needs field '" + label + "'");
                }
                return null;
            }
            if (!value.isTextual()) {
                throw bad("field '" + label + "' must be a string");
            }
            return value.textValue();
        }

        JsonNode requiredObject(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isObject()) {
                throw bad(type.wireName() + " needs object field '" + field + "'");
            }
            return value;
        }

        PeerInfo peer(JsonNode peer) {
            return new PeerInfo(string(peer, "peer.id", "id", true), string(peer, "peer.name", "name", false));
        }

        IceCandidate candidate() {
            if (!node.has("candidate")) {
                throw bad("candidate needs field 'candidate' (an object, or null for end of candidates)");
            }
            JsonNode value = node.get("candidate");
            if (value.isNull()) {
                return null;
            }
            if (!value.isObject()) {
                throw bad("field 'candidate' must be an object or null");
            }
            JsonNode index = value.get("sdpMLineIndex");
            Integer mLineIndex = null;
            if (index != null && !index.isNull()) {
                if (!index.isIntegralNumber() || !index.canConvertToInt()) {
                    throw bad("field 'candidate.sdpMLineIndex' must be an integer");
                }
                mLineIndex = index.intValue();
            }
            return new IceCandidate(string(value, "candidate.candidate", "candidate", true),
                    string(value, "candidate.sdpMid", "sdpMid", false), mLineIndex);
        }

        List<PeerInfo> peers() {
            List<PeerInfo> peers = new ArrayList<>();
            for (JsonNode peer : array("peers")) {
                if (!peer.isObject()) {
                    throw bad("every entry of 'peers' must be an object");
                }
                peers.add(peer(peer));
            }
            return peers;
        }

        List<IceServer> iceServers() {
            List<IceServer> servers = new ArrayList<>();
            for (JsonNode server : array("iceServers")) {
                if (!server.isObject()) {
                    throw bad("every entry of 'iceServers' must be an object");
                }
                JsonNode urlsNode = server.get("urls");
                List<String> urls = new ArrayList<>();
                if (urlsNode != null && urlsNode.isTextual()) {
                    urls.add(urlsNode.textValue()); // the browser accepts a single string too
                } else if (urlsNode != null && urlsNode.isArray()) {
                    for (JsonNode url : urlsNode) {
                        if (!url.isTextual()) {
                            throw bad("every entry of 'iceServers[].urls' must be a string");
                        }
                        urls.add(url.textValue());
                    }
                } else {
                    throw bad("field 'iceServers[].urls' must be a list of strings");
                }
                servers.add(new IceServer(urls, string(server, "iceServers[].username", "username", false),
                        string(server, "iceServers[].credential", "credential", false)));
            }
            return servers;
        }

        private Iterable<JsonNode> array(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                throw bad("field '" + field + "' must be a list");
            }
            return value;
        }
    }
}
