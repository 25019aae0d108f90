package dev.callwire.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket server written by hand on a plain server socket, so it can send what no library would: after the
 * handshake and the client's first frame, the first {@code hostile} connections get one text frame announcing
 * {@code frameBytes} bytes, then
 * as much of it as the client reads (streamed from a small buffer, never held); later connections get one
 * well-formed text frame and stay open.
 */
final class HostileWebSocketServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What happened on one connection. */
    record Connection(boolean offeredCompression, long frameHeaderSentNanos, long bytesWritten) {
    }

    private final ServerSocket server;
    private final int hostile;
    private final long frameBytes;
    private final String goodFrame;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final List<Connection> connections = new CopyOnWriteArrayList<>();

    HostileWebSocketServer(int hostile, long frameBytes, String goodFrame) throws IOException {
        this.server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        this.hostile = hostile;
        this.frameBytes = frameBytes;
        this.goodFrame = goodFrame;
        this.acceptor = new Thread(this::acceptLoop, "hostile-ws-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String uri() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/ws";
    }

    private void acceptLoop() {
        int count = 0;
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                boolean attack = count++ < hostile;
                Thread t = new Thread(() -> serve(socket, attack), "hostile-ws-connection-" + count);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, boolean attack) {
        long headerSent = 0;
        long written = 0;
        boolean compression = false;
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            List<String> request = readHead(in);
            String key = null;
            for (String line : request) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
                compression |= lower.startsWith("sec-websocket-extensions:");
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (attack) {
                // Wait for the client's first frame (its join): it has opened the socket and reported CONNECTED.
                if (in.read() < 0) {
                    return;
                }
                byte[] header = new byte[10];
                header[0] = (byte) 0x81; // FIN, text
                header[1] = 127;
                for (int i = 0; i < 8; i++) {
                    header[2 + i] = (byte) (frameBytes >>> (8 * (7 - i)));
                }
                out.write(header);
                out.flush();
                headerSent = System.nanoTime();
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                while (written < frameBytes) {
                    int n = (int) Math.min(chunk.length, frameBytes - written);
                    out.write(chunk, 0, n); // fails once the client has closed
                    written += n;
                }
            } else {
                byte[] text = goodFrame.getBytes(StandardCharsets.UTF_8);
                out.write(new byte[] {(byte) 0x81, (byte) 126, (byte) (text.length >>> 8), (byte) text.length});
                out.write(text);
                out.flush();
                while (in.read() >= 0) {
                    // keep the connection open until the client closes it
                }
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            // the client went away: expected for the hostile connections
        } finally {
            connections.add(new Connection(compression, headerSent, written));
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII).trim();
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        throw new IOException("the client closed during the handshake");
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
