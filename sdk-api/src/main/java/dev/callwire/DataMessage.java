package dev.callwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message received on a call's data channel (reliable and ordered): {@link Text} or {@link Binary}, as the
 * sender sent it. Immutable; tell them apart with {@code instanceof} patterns:
 *
 * <pre>{@code
 * if (message instanceof DataMessage.Text text) {
 *     show(text.text());
 * } else if (message instanceof DataMessage.Binary binary) {
 *     store(binary.bytes());
 * }
 * }</pre>
 *
 * <p>{@code toString()} gives the kind and size, never the content: messages may carry what users typed.
 */
public sealed interface DataMessage permits DataMessage.Text, DataMessage.Binary {

    /**
     * A text message.
     *
     * @param text the text, never {@code null}
     * @return a {@link Text} message, never {@code null}
     * @throws NullPointerException if {@code text} is {@code null}
     */
    static DataMessage text(String text) {
        return new Text(text);
    }

    /**
     * A binary message holding a copy of {@code bytes}.
     *
     * @param bytes the bytes, copied; never {@code null}
     * @return a {@link Binary} message, never {@code null}
     * @throws NullPointerException if {@code bytes} is {@code null}
     */
    static DataMessage binary(byte[] bytes) {
        return new Binary(bytes);
    }

    /**
     * The size on the wire.
     *
     * @return the number of bytes: the UTF-8 length of a text, the length of a binary message
     */
    int size();

    /**
     * A message the sender sent as text. Equal to another {@code Text} with the same text.
     *
     * @param text the text, never {@code null}
     */
    record Text(String text) implements DataMessage {

        /**
         * Checks the text is given; prefer {@link DataMessage#text(String)}.
         *
         * @param text the text
         * @throws NullPointerException if {@code text} is {@code null}
         */
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public int size() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }

        /**
         * Kind and size, not the text.
         *
         * @return for example {@code DataMessage.Text[5 bytes]}
         */
        @Override
        public String toString() {
            return "DataMessage.Text[" + size() + " bytes]";
        }
    }

    /**
     * A message the sender sent as binary. It keeps its own copy of the bytes and hands out copies, so nobody
     * can change it; it is equal to another {@code Binary} with the same bytes.
     *
     * @param bytes the bytes; {@link #bytes()} returns a copy
     */
    record Binary(byte[] bytes) implements DataMessage {

        /**
         * Copies the bytes; prefer {@link DataMessage#binary(byte[])}.
         *
         * @param bytes the bytes, copied
         * @throws NullPointerException if {@code bytes} is {@code null}
         */
        public Binary {
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        /**
         * The bytes.
         *
         * @return a new copy on every call: changing it does not change this message
         */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public int size() {
            return bytes.length;
        }

        /**
         * Compares by content: a record would compare the arrays by identity.
         *
         * @param other the object to compare with
         * @return whether {@code other} is a {@code Binary} with the same bytes
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Binary that && Arrays.equals(bytes, that.bytes);
        }

        /**
         * Hashes the content, consistent with {@link #equals(Object)}.
         *
         * @return a hash of the bytes
         */
        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        /**
         * Kind and size, not the bytes.
         *
         * @return for example {@code DataMessage.Binary[3 bytes]}
         */
        @Override
        public String toString() {
            return "DataMessage.Binary[" + bytes.length + " bytes]";
        }
    }
}
