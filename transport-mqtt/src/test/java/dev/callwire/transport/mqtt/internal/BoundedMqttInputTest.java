package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream filter that keeps oversized MQTT messages out of memory, fed hand-made packets. */
class BoundedMqttInputTest {

    private static final int LIMIT = 100;

    private static byte[] remainingLength(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int digit = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return out.toByteArray();
    }

    /** A PUBLISH packet's header, topic and packet id; the payload is appended by the caller. */
    private static byte[] publishHead(String topic, int qos, boolean retain, long payloadLength) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int variable = 2 + t.length + (qos > 0 ? 2 : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30 | qos << 1 | (retain ? 1 : 0));
        out.writeBytes(remainingLength(variable + payloadLength));
        out.write(t.length >>> 8);
        out.write(t.length & 0xFF);
        out.writeBytes(t);
        if (qos > 0) {
            out.write(0x12);
            out.write(0x34);
        }
        return out.toByteArray();
    }

    private static byte[] publish(String topic, int qos, boolean retain, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(publishHead(topic, qos, retain, payload.length));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] readAll(InputStream in, boolean byteByByte) throws IOException {
        if (!byteByByte) {
            return in.readAllBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void packetsWithinTheLimitPassUnchanged() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(new byte[] {0x20, 0x02, 0x00, 0x00}); // CONNACK
        wire.writeBytes(publish("webrtc/r/presence/bob", 1, true, "x".repeat(LIMIT).getBytes(StandardCharsets.UTF_8)));
        wire.writeBytes(publish("webrtc/r/peers/alice/bob", 0, false, new byte[0]));
        wire.writeBytes(new byte[] {(byte) 0xD0, 0x00}); // PINGRESP
        for (boolean single : List.of(true, false)) {
            InputStream in = new BoundedMqttInput(new ByteArrayInputStream(wire.toByteArray()), LIMIT);
            assertThat(readAll(in, single)).isEqualTo(wire.toByteArray());
        }
    }

    @Test
    void anOversizedPublishBecomesAStandInWithTheSameTopicFlagsAndPacketIdAndIsNeverBuffered() throws IOException {
        long size = 250L * 1024 * 1024; // near MQTT's 256 MB maximum; more than a small test heap could hold
        InputStream hugePayload = new InputStream() { // a stream of zeros that never exists as an array
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                left -= n;
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                return n;
            }
        };
        byte[] after = new byte[] {(byte) 0xD0, 0x00};
        InputStream wire = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(publishHead("webrtc/r/presence/mallory", 1, true, size)), hugePayload,
                new ByteArrayInputStream(after))));

        byte[] out = new BoundedMqttInput(wire, LIMIT).readAllBytes();

        byte[] standIn = "\0callwire-oversized:262144000".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(publish("webrtc/r/presence/mallory", 1, true, standIn));
        expected.writeBytes(after);
        assertThat(out).isEqualTo(expected.toByteArray());
        assertThat(BoundedMqttInput.isOversizedMarker(standIn)).isTrue();
        assertThat(BoundedMqttInput.oversizedLength(standIn)).isEqualTo("262144000");
    }

    @Test
    void anOversizedControlPacketOrAMalformedOneEndsTheStreamWithAClearError() {
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        big.write(0x90); // SUBACK
        big.writeBytes(remainingLength(10_000_000));
        assertThatThrownBy(() -> new BoundedMqttInput(new ByteArrayInputStream(big.toByteArray()), LIMIT).read())
                .isInstanceOf(IOException.class).hasMessageContaining("type 9").hasMessageContaining("10000000 bytes");

        byte[] badLength = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertThatThrownBy(() -> new BoundedMqttInput(new ByteArrayInputStream(badLength), LIMIT).read())
                .isInstanceOf(IOException.class).hasMessageContaining("malformed remaining length");

        byte[] topicTooLong = {0x30, 0x03, 0x00, 0x10, 'a'};
        assertThatThrownBy(() -> new BoundedMqttInput(new ByteArrayInputStream(topicTooLong), LIMIT).read())
                .isInstanceOf(IOException.class).hasMessageContaining("malformed MQTT PUBLISH");
    }
}
