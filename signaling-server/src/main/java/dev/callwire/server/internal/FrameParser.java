package dev.callwire.server.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Client frames of RFC 6455 section 5, parsed incrementally from whatever the socket delivered: a frame may span
 * reads and one read may hold several frames. No extension is ever negotiated, so the rules are the base ones:
 * frames masked, RSV bits clear, known opcodes, control frames whole and at most 125 bytes, continuations only
 * inside a fragmented message, a message no larger than {@code maxMessageBytes} (checked on the declared length,
 * before anything is buffered) and a valid close payload. A broken rule is reported once, with its close code, and
 * everything after it is ignored: the byte stream can no longer be trusted to be framed.
 *
 * <p>Why our own and not Jetty's: Jetty's parser belongs to its per-connection WebSocket machinery (about 1.9 KiB
 * of heap per idle connection). This one holds nothing between frames; only the bytes of an incomplete frame are
 * kept, copied into an array that grows with what arrived. A whole frame is unmasked in place and handed over as a
 * window of the caller's buffer. Not thread-safe: one reader at a time.
 */
final class FrameParser {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    // Close codes of RFC 6455 section 7.4.1 used by the server.
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int BAD_DATA = 1003;
    static final int NO_CODE = 1005;
    static final int BAD_PAYLOAD = 1007;
    static final int POLICY_VIOLATION = 1008;
    static final int MESSAGE_TOO_LARGE = 1009;
    static final int SERVER_ERROR = 1011;

    /** What the parser found; called on the parsing thread, the payload valid only during the call. */
    interface Sink {
        /** A text or binary frame; a continuation reports the kind of the message it continues. */
        void onData(boolean text, boolean fin, ByteBuffer payload);

        /** A ping, pong or close (a close's payload is already checked: empty, or a valid code and UTF-8). */
        void onControl(int opCode, ByteBuffer payload);

        /** A rule was broken; nothing more will be reported. */
        void onProtocolError(int closeCode, String reason);
    }

    /** Largest header of a masked frame: 2 bytes, an 8-byte length, a 4-byte mask. */
    private static final int MAX_HEADER = 14;

    private final int maxMessageBytes;
    private final Sink sink;
    /** An incomplete frame (header first) as far as it arrived, or {@code null} between frames. */
    private byte[] pending;
    private int pendingLength;
    /** {@link #TEXT} or {@link #BINARY} while a fragmented message is open, else 0. */
    private int messageKind;
    private long messageBytes;
    private boolean failed;

    FrameParser(int maxMessageBytes, Sink sink) {
        this.maxMessageBytes = maxMessageBytes;
        this.sink = sink;
    }

    /** Consumes all of {@code in} (flush mode); frames it completes go to the sink in order. */
    void parse(ByteBuffer in) {
        while (!failed && (pending != null ? completePending(in) : in.hasRemaining() && parseWhole(in))) {
            // one frame per turn
        }
        if (failed) {
            in.position(in.limit());
        }
    }

    /** Whether a rule was broken: the rest of the stream is ignored. */
    boolean failed() {
        return failed;
    }

    /** Whether the bytes of an incomplete frame are held (tests; an idle connection holds none). */
    boolean holdsBytes() {
        return pending != null;
    }

    /** A frame wholly inside {@code in}, handed over in place; otherwise its start is kept and {@code false}. */
    private boolean parseWhole(ByteBuffer in) {
        int start = in.position();
        int available = in.remaining();
        if (available < 2) {
            keep(in, MAX_HEADER);
            return false;
        }
        byte first = in.get(start);
        byte second = in.get(start + 1);
        if (!checkStart(first, second)) {
            return false;
        }
        int headerLength = headerLength(second);
        if (available < headerLength) {
            keep(in, headerLength);
            return false;
        }
        long payloadLength = payloadLength(in, start, second);
        if (!checkLength(first, payloadLength)) {
            return false;
        }
        int frameLength = headerLength + (int) payloadLength;
        if (available < frameLength) {
            keep(in, frameLength);
            return false;
        }
        int payloadStart = start + headerLength;
        unmask(in, payloadStart, (int) payloadLength, in.getInt(payloadStart - 4));
        int limit = in.limit();
        in.limit(payloadStart + (int) payloadLength).position(payloadStart);
        try {
            deliver(first, in);
        } finally {
            in.limit(limit).position(start + frameLength);
        }
        return true;
    }

    /** Adds to the held incomplete frame; {@code true} once it was completed and delivered. */
    private boolean completePending(ByteBuffer in) {
        if (pendingLength < 2 && !take(in, 2)) {
            return false;
        }
        byte first = pending[0];
        byte second = pending[1];
        if (!checkStart(first, second)) {
            return false;
        }
        int headerLength = headerLength(second);
        if (pendingLength < headerLength && !take(in, headerLength)) {
            return false;
        }
        long payloadLength = payloadLength(ByteBuffer.wrap(pending), 0, second);
        if (!checkLength(first, payloadLength)) {
            return false;
        }
        int frameLength = headerLength + (int) payloadLength;
        if (!take(in, frameLength)) {
            return false;
        }
        ByteBuffer frame = ByteBuffer.wrap(pending); // after take: it may have grown the array
        pending = null;
        pendingLength = 0;
        unmask(frame, headerLength, (int) payloadLength, frame.getInt(headerLength - 4));
        deliver(first, frame.limit(frameLength).position(headerLength));
        return true;
    }

    /** Starts holding an incomplete frame of (at least) {@code needed} bytes. */
    private void keep(ByteBuffer in, int needed) {
        int size = in.remaining();
        pending = new byte[Math.max(Math.min(needed, Math.max(size * 2, MAX_HEADER)), size)];
        in.get(pending, 0, size);
        pendingLength = size;
    }

    /** Copies from {@code in} until {@code needed} bytes are held; {@code true} if they are. */
    private boolean take(ByteBuffer in, int needed) {
        int count = Math.min(needed - pendingLength, in.remaining());
        if (count > 0) {
            if (pendingLength + count > pending.length) {
                // Grow with what arrived, not to the declared length: a client announcing 80 KiB and sending ten
                // bytes costs ten bytes (and a few doublings).
                int wanted = Math.max(pending.length * 2, pendingLength + count);
                pending = Arrays.copyOf(pending, Math.min(needed, wanted));
            }
            in.get(pending, pendingLength, count);
            pendingLength += count;
        }
        return pendingLength >= needed;
    }

    /** The rules the first two bytes can break, with fragmentation state. */
    private boolean checkStart(byte first, byte second) {
        int opCode = first & 0x0F;
        boolean fin = first < 0;
        if ((first & 0x70) != 0) {
            return fail(PROTOCOL_ERROR, "RSV bits set without a negotiated extension");
        }
        if ((second & 0x80) == 0) {
            return fail(PROTOCOL_ERROR, "client frame not masked");
        }
        switch (opCode) {
            case CONTINUATION -> {
                if (messageKind == 0) {
                    return fail(PROTOCOL_ERROR, "continuation frame without a message to continue");
                }
            }
            case TEXT, BINARY -> {
                if (messageKind != 0) {
                    return fail(PROTOCOL_ERROR, "new message inside a fragmented one");
                }
            }
            case CLOSE, PING, PONG -> {
                if (!fin) {
                    return fail(PROTOCOL_ERROR, "fragmented control frame");
                }
                if ((second & 0x7F) > 125) {
                    return fail(PROTOCOL_ERROR, "control frame over 125 bytes");
                }
            }
            default -> {
                return fail(PROTOCOL_ERROR, "unknown opcode " + opCode);
            }
        }
        return true;
    }

    private boolean checkLength(byte first, long payloadLength) {
        if (payloadLength < 0) {
            return fail(PROTOCOL_ERROR, "frame length with its most significant bit set");
        }
        int opCode = first & 0x0F;
        if (opCode < CLOSE && messageBytes + payloadLength > maxMessageBytes) {
            return fail(MESSAGE_TOO_LARGE, "message over " + maxMessageBytes + " bytes");
        }
        return true;
    }

    private static int headerLength(byte second) {
        int length = second & 0x7F;
        return 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + 4;
    }

    private static long payloadLength(ByteBuffer frame, int start, byte second) {
        int length = second & 0x7F;
        if (length == 126) {
            return frame.getShort(start + 2) & 0xFFFF;
        }
        return length == 127 ? frame.getLong(start + 2) : length;
    }

    /** XORs the payload with its mask, four bytes at a time (the mask is read in the buffer's own byte order). */
    static void unmask(ByteBuffer buffer, int start, int length, int mask) {
        int end = start + length;
        int i = start;
        for (; i + 4 <= end; i += 4) {
            buffer.putInt(i, buffer.getInt(i) ^ mask);
        }
        boolean bigEndian = buffer.order() == ByteOrder.BIG_ENDIAN;
        for (int k = 0; i < end; i++, k++) {
            buffer.put(i, (byte) (buffer.get(i) ^ (mask >>> (bigEndian ? 24 - 8 * k : 8 * k))));
        }
    }

    private void deliver(byte first, ByteBuffer payload) {
        int opCode = first & 0x0F;
        boolean fin = first < 0;
        if (opCode < CLOSE) {
            int kind = opCode == CONTINUATION ? messageKind : opCode;
            messageBytes = fin ? 0 : messageBytes + payload.remaining();
            messageKind = fin ? 0 : kind;
            sink.onData(kind == TEXT, fin, payload);
        } else if (opCode != CLOSE || checkClose(payload)) {
            sink.onControl(opCode, payload);
        }
    }

    /** RFC 6455 section 5.5.1 and 7.4: empty, or a code a peer may send plus a UTF-8 reason. */
    private boolean checkClose(ByteBuffer payload) {
        int length = payload.remaining();
        if (length == 0) {
            return true;
        }
        if (length == 1) {
            return fail(PROTOCOL_ERROR, "close frame with a one-byte payload");
        }
        int code = closeCode(payload);
        if (!isSendableCode(code)) {
            return fail(PROTOCOL_ERROR, "close code " + code + " may not be sent");
        }
        if (length > 2) {
            byte[] reason = new byte[length - 2];
            payload.duplicate().position(payload.position() + 2).get(reason);
            if (TextAssembler.decode(reason, 0, reason.length) == null) {
                return fail(BAD_PAYLOAD, "close reason is not UTF-8");
            }
        }
        return true;
    }

    /** The code of a close payload of at least two bytes. */
    static int closeCode(ByteBuffer payload) {
        return payload.getShort(payload.position()) & 0xFFFF;
    }

    /** Codes an endpoint may put in a close frame: the defined ones (1004-1006 and 1015 are not) and 3000-4999. */
    static boolean isSendableCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private boolean fail(int closeCode, String reason) {
        failed = true;
        pending = null;
        pendingLength = 0;
        sink.onProtocolError(closeCode, reason);
        return false;
    }
}
