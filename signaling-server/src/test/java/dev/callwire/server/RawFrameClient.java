package dev.callwire.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client that writes frames byte by byte, for what well-behaved clients (java.net.http, OkHttp)
 * refuse to send: text that is not UTF-8, a character split across fragments. Reads are blocking with a timeout.
 * Public for the WebSocket layer's own ITs in {@code dev.callwire.server.internal}.
 */
public final class RawFrameClient implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** One frame as the server sent it. */
    public record Frame(int opCode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        /** A close frame's reason (empty when none). */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    public RawFrameClient(URI webSocketUri) throws IOException {
        this(webSocketUri, new byte[0]);
    }

    /** @param early bytes written in the same write as the upgrade request, before its answer (frames, say) */
    public RawFrameClient(URI webSocketUri, byte[] early) throws IOException {
        socket = new Socket(webSocketUri.getHost(), webSocketUri.getPort());
        socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + webSocketUri.getRawPath() + " HTTP/1.1\r\nHost: " + webSocketUri.getHost() + ":"
                + webSocketUri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        byte[] requestBytes = request.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(requestBytes, requestBytes.length + early.length);
        System.arraycopy(early, 0, all, requestBytes.length, early.length);
        out.write(all);
        out.flush();
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
    }

    /** An HTTP response head, up to and with its blank line; fails if the connection ends before it. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the upgrade");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Writes one masked frame (up to 64 KiB: these tests send envelopes). */
    public void send(int opCode, boolean fin, byte... payload) throws IOException {
        out.write(frame(opCode, fin, payload));
        out.flush();
    }

    /** One masked client frame's bytes (up to 64 KiB). */
    public static byte[] frame(int opCode, boolean fin, byte... payload) {
        if (payload.length > 0xFFFF) {
            throw new IllegalArgumentException("payloads up to 64 KiB only");
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write((fin ? 0x80 : 0) | opCode);
        if (payload.length > 125) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | payload.length);
        }
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Writes bytes as they are: for frames no well-behaved client sends. */
    public void sendRaw(int... bytes) throws IOException {
        for (int b : bytes) {
            out.write(b);
        }
        out.flush();
    }

    public void sendText(String text) throws IOException {
        send(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next frame from the server; fails after {@link WsTestClient#TIMEOUT}. */
    public Frame next() throws IOException {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = Math.toIntExact(in.readLong());
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /** Whether the server closed the connection (end of stream) before {@link WsTestClient#TIMEOUT}. */
    public boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // frames the server sent before closing
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset: closed as well
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
