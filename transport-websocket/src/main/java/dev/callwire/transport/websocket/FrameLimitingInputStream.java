package dev.callwire.transport.websocket;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes a WebSocket client reads from its server, checked on their way through so that no message larger
 * than the limit is ever buffered. OkHttp has no inbound limit: it collects a whole message, of whatever length
 * the frame headers announce, before its listener sees any of it. This stream reads the HTTP response head,
 * then, after a {@code 101}, every frame header (RFC 6455 section 5.2) and throws an
 * {@link InboundLimitExceededException} as soon as a header announces more than the limit for the message it
 * belongs to (a fragmented message counts as the sum of its frames). It passes every byte through unchanged and
 * holds nothing but a few header bytes; what OkHttp has not yet read stays in the socket.
 *
 * <p>Compressed frames (RSV1) are refused too: their length on the wire says nothing about the size they inflate
 * to, which is why the transports never offer {@code permessage-deflate}.
 *
 * <p>Not thread-safe: one reader thread reads it.
 */
final class FrameLimitingInputStream extends FilterInputStream {

    /** An HTTP response head longer than this is not a WebSocket handshake answer. */
    static final int MAX_HEAD = 64 * 1024;

    private enum Phase { HEAD, HEADER, PAYLOAD, RAW }

    private final long limit;
    private Phase phase = Phase.HEAD;
    /** HEAD: the head read so far (status line and headers). */
    private final StringBuilder head = new StringBuilder();
    /** HEADER: the bytes of the frame header read so far. */
    private final byte[] header = new byte[14];
    private int headerLength;
    /** PAYLOAD: bytes of the current frame still to pass. */
    private long payloadLeft;
    /** The data bytes of the message being received so far, across its fragments. */
    private long messageBytes;

    FrameLimitingInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            inspect((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            if (phase == Phase.PAYLOAD && payloadLeft > 0) {
                // Skip over payload bytes in one step rather than one by one.
                long skip = Math.min(payloadLeft, n - i);
                payloadLeft -= skip;
                i += (int) skip - 1;
                if (payloadLeft == 0) {
                    phase = Phase.HEADER;
                }
                continue;
            }
            inspect(buffer[offset + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would escape inspection; OkHttp never skips, so read and inspect them instead.
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        int read = read(scratch, 0, scratch.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void inspect(byte b) throws IOException {
        switch (phase) {
            case HEAD -> head(b);
            case HEADER -> header(b);
            case PAYLOAD -> {
                if (--payloadLeft == 0) {
                    phase = Phase.HEADER;
                }
            }
            case RAW -> {
                // not a WebSocket: OkHttp fails the handshake and never reads frames from this connection
            }
        }
    }

    private void head(byte b) throws IOException {
        head.append((char) (b & 0xFF));
        int n = head.length();
        if (n > MAX_HEAD) {
            throw new InboundLimitExceededException("the server's HTTP response head is longer than " + MAX_HEAD
                    + " bytes");
        }
        if (n >= 4 && head.charAt(n - 4) == '\r' && head.charAt(n - 3) == '\n' && head.charAt(n - 2) == '\r'
                && head.charAt(n - 1) == '\n') {
            String status = head.substring(0, Math.max(0, head.indexOf("\r\n")));
            // "HTTP/1.1 101 Switching Protocols": frames follow. Anything else: the handshake fails in OkHttp.
            String[] parts = status.split(" ", 3);
            phase = parts.length >= 2 && parts[1].equals("101") ? Phase.HEADER : Phase.RAW;
            head.setLength(0);
        }
    }

    private void header(byte b) throws IOException {
        header[headerLength++] = b;
        if (headerLength < 2) {
            return;
        }
        int len7 = header[1] & 0x7F;
        int needed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
        if (headerLength < needed) {
            return;
        }
        long length = len7 < 126 ? len7 : 0;
        if (len7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (len7 == 127) {
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            if (length < 0) {
                throw new InboundLimitExceededException("the server sent a WebSocket frame with a negative length");
            }
        }
        boolean fin = (header[0] & 0x80) != 0;
        boolean compressed = (header[0] & 0x40) != 0;
        int opcode = header[0] & 0x0F;
        headerLength = 0;
        if (opcode < 0x8) { // data: continuation, text or binary
            if (compressed) {
                throw new InboundLimitExceededException("the server sent a compressed WebSocket frame, which was not "
                        + "negotiated; its inflated size cannot be bounded");
            }
            if (opcode != 0) {
                messageBytes = 0;
            }
            messageBytes += length;
            if (messageBytes > limit) {
                throw new InboundLimitExceededException("the server sent a WebSocket message of "
                        + (fin && opcode != 0 ? "" : "at least ") + messageBytes + " bytes; the limit is " + limit
                        + " bytes (the signaling protocol's maximum): closing the connection");
            }
            if (fin) {
                messageBytes = 0;
            }
        }
        // Control frames are at most 125 bytes by RFC 6455 (OkHttp enforces that itself).
        payloadLeft = length;
        phase = length > 0 ? Phase.PAYLOAD : Phase.HEADER;
    }
}
