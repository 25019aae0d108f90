package dev.callwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataMessageTest {

    @Test
    void factoriesMakeTextOrBinary() {
        DataMessage text = DataMessage.text("hi");
        DataMessage binary = DataMessage.binary(new byte[] {1, 2, 3});

        assertThat(text).isInstanceOf(DataMessage.Text.class);
        assertThat(((DataMessage.Text) text).text()).isEqualTo("hi");
        assertThat(binary).isInstanceOf(DataMessage.Binary.class);
        assertThat(((DataMessage.Binary) binary).bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void sizeIsTheLengthOnTheWire() {
        assertThat(DataMessage.text("h\u00e9\u20ac").size()).isEqualTo(1 + 2 + 3);
        assertThat(DataMessage.text("").size()).isZero();
        assertThat(DataMessage.binary(new byte[7]).size()).isEqualTo(7);
    }

    @Test
    void nullContentIsRefusedNamingIt() {
        assertThatThrownBy(() -> DataMessage.text(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("text");
        assertThatThrownBy(() -> DataMessage.binary(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("bytes");
    }

    @Test
    void equalityIsByContent() {
        assertThat(DataMessage.binary(new byte[] {1, 2})).isEqualTo(DataMessage.binary(new byte[] {1, 2}))
                .hasSameHashCodeAs(DataMessage.binary(new byte[] {1, 2}))
                .isNotEqualTo(DataMessage.binary(new byte[] {1, 3}))
                .isNotEqualTo(DataMessage.binary(new byte[] {1, 2, 0}));
        assertThat(DataMessage.text("a")).isEqualTo(DataMessage.text("a")).hasSameHashCodeAs(DataMessage.text("a"))
                .isNotEqualTo(DataMessage.text("b"));
        // Same bytes, different kind: the sender's choice is part of the message.
        assertThat(DataMessage.text("a")).isNotEqualTo(DataMessage.binary("a".getBytes(StandardCharsets.UTF_8)));
        assertThat(DataMessage.binary("a".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(DataMessage.text("a"));
    }

    @Test
    void aCallerCannotChangeTheBytesOfABinaryMessage() {
        byte[] source = {1, 2, 3};
        DataMessage.Binary message = new DataMessage.Binary(source);
        int hash = message.hashCode();

        source[0] = 9;
        message.bytes()[1] = 9;

        assertThat(message.bytes()).containsExactly(1, 2, 3);
        assertThat(message.bytes()).isNotSameAs(message.bytes());
        assertThat(message.hashCode()).isEqualTo(hash);
        assertThat(message).isEqualTo(DataMessage.binary(new byte[] {1, 2, 3}));
    }

    @Test
    void toStringGivesKindAndSizeNeverTheContent() {
        String secret = "password-" + "x".repeat(100_000);
        byte[] large = secret.getBytes(StandardCharsets.UTF_8);

        assertThat(DataMessage.text(secret).toString()).isEqualTo("DataMessage.Text[100009 bytes]");
        assertThat(DataMessage.binary(large).toString()).isEqualTo("DataMessage.Binary[100009 bytes]");
        assertThat(DataMessage.binary(new byte[] {42}).toString()).doesNotContain("42").hasSizeLessThan(40);
    }
}
