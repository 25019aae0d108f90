package dev.callwire.transport.mqtt.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callwire.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The optional room key of protocol v1.1, for brokers without per-user ACLs: every envelope carries
 * {@code mac}, the base64url HMAC-SHA256 under the key of the envelope's canonical JSON without {@code mac}
 * ({@link CanonicalJson}). Whoever lacks the key can neither forge nor inject an envelope the SDK accepts; they
 * may still read and replay what they saw (see {@code docs/transports.md}). Thread-safe; immutable.
 */
final class RoomKey {

    static final String FIELD = "mac";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    /** A duplicate member name would let the canonical form and the decoder read different values. */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final SecretKeySpec key;

    RoomKey(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /**
     * Adds {@code mac} to an encoded envelope.
     *
     * @throws IllegalArgumentException if the signed envelope would exceed the protocol's size limit
     */
    String sign(String envelope) {
        ObjectNode node;
        try {
            node = (ObjectNode) STRICT.readTree(envelope);
            node.remove(FIELD);
            node.put(FIELD, mac(CanonicalJson.of(node)));
        } catch (JsonProcessingException | CanonicalJson.NotCanonicalizable | ClassCastException e) {
            throw new IllegalStateException("the codec's own envelope could not be signed", e);
        }
        String signed = node.toString();
        if (signed.getBytes(StandardCharsets.UTF_8).length > ProtocolCodec.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("with its mac the envelope is larger than "
                    + ProtocolCodec.MAX_MESSAGE_BYTES + " bytes");
        }
        return signed;
    }

    /**
     * Checks the {@code mac} of a received envelope.
     *
     * @return {@code null} if it is valid, otherwise why not (never the key or the expected value)
     */
    String verify(String envelope) {
        JsonNode node;
        try {
            node = STRICT.readTree(envelope);
        } catch (JsonProcessingException e) {
            return "not JSON, or a member name repeated";
        }
        if (node == null || !node.isObject()) {
            return "not a JSON object";
        }
        JsonNode given = node.get(FIELD);
        if (given == null || !given.isTextual()) {
            return "no mac";
        }
        byte[] claimed;
        try {
            claimed = Base64.getUrlDecoder().decode(given.textValue());
        } catch (IllegalArgumentException e) {
            return "a mac that is not base64url";
        }
        ((ObjectNode) node).remove(FIELD);
        byte[] expected;
        try {
            expected = rawMac(CanonicalJson.of(node));
        } catch (CanonicalJson.NotCanonicalizable e) {
            return "no canonical form (" + e.getMessage() + ")";
        }
        return claimed.length == MAC_BYTES && MessageDigest.isEqual(claimed, expected) ? null : "a wrong mac";
    }

    private String mac(String canonical) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(rawMac(canonical));
    }

    private byte[] rawMac(String canonical) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a required JDK algorithm", e);
        }
    }

    @Override
    public String toString() {
        return "RoomKey[***]";
    }
}
