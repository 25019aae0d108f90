package dev.callwire.transport.mqtt.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The broker's byte stream as Paho reads it, with every PUBLISH whose payload exceeds the limit replaced by a
 * short stand-in before Paho sees it. Paho (MQTT 3.1.1 has no maximum packet size) would otherwise allocate
 * whatever length a packet header announces, up to 256 MB, and a retained one would come back on every
 * reconnect. The stand-in keeps the packet's topic, flags and packet id, so Paho acknowledges it as usual and
 * the broker's in-flight window moves on; its payload is a marker that {@link InboundGate} counts as
 * oversized. The oversized payload itself is read and thrown away in small chunks, never held.
 *
 * <p>Any other packet type (CONNACK, SUBACK, PUBACK, PINGRESP... all a few bytes long) longer than
 * {@link #MAX_CONTROL_PACKET} ends the connection with an {@link IOException} saying so.
 *
 * <p>Not thread-safe: Paho's one receiver thread reads it.
 */
final class BoundedMqttInput extends InputStream {

    /** No control packet a broker sends a 3.1.1 client is anywhere near this long. */
    static final int MAX_CONTROL_PACKET = 4096;
    private static final int PUBLISH = 3;
    private static final byte[] MARKER = "\0callwire-oversized:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = new byte[0];

    private final DataInputStream in;
    private final int maxPayload;
    /** Bytes to hand out before reading on: a packet's (possibly rewritten) header. */
    private byte[] pending = NOTHING;
    private int pendingAt;
    /** Bytes of the current packet still to pass through unchanged. */
    private long passThrough;
    private boolean eof;

    BoundedMqttInput(InputStream in, int maxPayload) {
        this.in = new DataInputStream(in);
        this.maxPayload = maxPayload;
    }

    /** Whether {@code payload} is the stand-in for an oversized one. */
    static boolean isOversizedMarker(byte[] payload) {
        if (payload.length < MARKER.length) {
            return false;
        }
        for (int i = 0; i < MARKER.length; i++) {
            if (payload[i] != MARKER[i]) {
                return false;
            }
        }
        return true;
    }

    /** The original length a stand-in records. */
    static String oversizedLength(byte[] marker) {
        return new String(marker, MARKER.length, marker.length - MARKER.length, StandardCharsets.US_ASCII);
    }

    @Override
    public int read() throws IOException {
        while (true) {
            if (pendingAt < pending.length) {
                return pending[pendingAt++] & 0xFF;
            }
            if (passThrough > 0) {
                int b = in.read();
                if (b >= 0) {
                    passThrough--;
                }
                return b;
            }
            if (eof || !nextPacket()) {
                return -1;
            }
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (pendingAt < pending.length) {
                int n = Math.min(length, pending.length - pendingAt);
                System.arraycopy(pending, pendingAt, buffer, offset, n);
                pendingAt += n;
                return n;
            }
            if (passThrough > 0) {
                int n = in.read(buffer, offset, (int) Math.min(length, passThrough));
                if (n > 0) {
                    passThrough -= n;
                }
                return n;
            }
            if (eof || !nextPacket()) {
                return -1;
            }
        }
    }

    @Override
    public int available() throws IOException {
        return pending.length - pendingAt + (int) Math.min(passThrough, in.available());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads the next packet's header and decides what to hand on; {@code false} at the end of the stream. */
    private boolean nextPacket() throws IOException {
        int first = in.read();
        if (first < 0) {
            eof = true;
            return false;
        }
        long remaining = readRemainingLength();
        int type = first >>> 4;
        if (type != PUBLISH) {
            if (remaining > MAX_CONTROL_PACKET) {
                throw new IOException("the broker sent an MQTT packet of type " + type + " and " + remaining
                        + " bytes; no such packet is longer than " + MAX_CONTROL_PACKET);
            }
            pending = header(first, remaining);
            pendingAt = 0;
            passThrough = remaining;
            return true;
        }
        int qos = (first >>> 1) & 3;
        int topicLength = in.readUnsignedShort();
        int idLength = qos > 0 ? 2 : 0;
        long payload = remaining - 2 - topicLength - idLength;
        if (payload < 0) {
            throw new IOException("the broker sent a malformed MQTT PUBLISH (its topic is longer than the packet)");
        }
        byte[] variable = new byte[2 + topicLength + idLength];
        variable[0] = (byte) (topicLength >>> 8);
        variable[1] = (byte) topicLength;
        in.readFully(variable, 2, topicLength + idLength);
        byte[] body;
        if (payload <= maxPayload) {
            body = NOTHING;
            passThrough = payload;
        } else {
            discard(payload);
            body = concat(MARKER, Long.toString(payload).getBytes(StandardCharsets.US_ASCII));
            passThrough = 0;
        }
        byte[] head = header(first, variable.length + body.length + passThrough);
        pending = concat(concat(head, variable), body);
        pendingAt = 0;
        return true;
    }

    private long readRemainingLength() throws IOException {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("the broker sent an MQTT packet with a malformed remaining length");
    }

    private static byte[] header(int first, long remaining) {
        byte[] out = new byte[5];
        out[0] = (byte) first;
        int n = 1;
        long value = remaining;
        do {
            int digit = (int) (value & 0x7F);
            value >>>= 7;
            out[n++] = (byte) (value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        byte[] exact = new byte[n];
        System.arraycopy(out, 0, exact, 0, n);
        return exact;
    }

    private void discard(long count) throws IOException {
        byte[] scratch = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) {
                throw new EOFException("the connection ended inside an oversized MQTT message");
            }
            left -= n;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
