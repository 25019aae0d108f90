package dev.callwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One message received on a call's data channel (reliable and ordered): text or binary. Immutable; the
 * bytes are a private copy.
 */
public final class DataMessage {

    private final String text;
    private final byte[] bytes;

    private DataMessage(String text, byte[] bytes) {
        this.text = text;
        this.bytes = bytes;
    }

    /**
     * @param text the text
     * @return a text message
     */
    public static DataMessage text(String text) {
        return new DataMessage(java.util.Objects.requireNonNull(text, "text"), null);
    }

    /**
     * @param bytes the bytes, copied
     * @return a binary message
     */
    public static DataMessage binary(byte[] bytes) {
        return new DataMessage(null, bytes.clone());
    }

    /** @return whether the sender sent text (else binary) */
    public boolean isText() {
        return text != null;
    }

    /** @return the text, or the bytes decoded as UTF-8 for a binary message */
    public String text() {
        return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
    }

    /** @return the bytes (a copy), or the text encoded as UTF-8 for a text message */
    public byte[] bytes() {
        return text != null ? text.getBytes(StandardCharsets.UTF_8) : bytes.clone();
    }

    /** @return the size in bytes */
    public int size() {
        return text != null ? text.getBytes(StandardCharsets.UTF_8).length : bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataMessage m && java.util.Objects.equals(text, m.text) && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return text != null ? text.hashCode() : Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return isText() ? "DataMessage[text, " + size() + " bytes]" : "DataMessage[binary, " + size() + " bytes]";
    }
}
