package dev.callwire.transport.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.conformance.RecordingListener;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.transport.websocket.InboundLimitExceededException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A hand-written socket.io server (engine.io v4 over a raw WebSocket) that, once the client has joined, sends a
 * 100 MB message on its first two connections and behaves on the third: the client must close at the frame
 * header with {@link InboundLimitExceededException}, within a second, and get back in.
 */
class HostileSocketIoServerIT {

    private static final long FRAME = 100L * 1024 * 1024;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Per connection: nanos when the hostile header went out (0: none), and bytes of it written. */
    private final List<long[]> hostile = new CopyOnWriteArrayList<>();

    @Test
    void aHundredMegabyteMessageFailsTheConnectionAtItsHeaderAndTheTransportRecovers() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> acceptLoop(server), "hostile-socketio-server");
            acceptor.setDaemon(true);
            acceptor.start();
            TransportOptions options = TransportOptions.builder()
                    .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(100)).build();
            SignalingTransport transport = new SocketIoTransportProvider()
                    .create(URI.create("socketio+http://127.0.0.1:" + server.getLocalPort()), options);
            RecordingListener sees = new RecordingListener();
            List<long[]> drops = new CopyOnWriteArrayList<>();
            transport.start(new SignalingTransport.Listener() {
                @Override
                public void onMessage(dev.callwire.protocol.Message message) {
                    sees.onMessage(message);
                }

                @Override
                public void onStateChanged(ConnectionState state, Throwable cause) {
                    if (cause instanceof InboundLimitExceededException) {
                        drops.add(new long[] {System.nanoTime()});
                    }
                    sees.onStateChanged(state, cause);
                }
            });
            try {
                transport.send(new Join("lobby", "probe", null));
                await().atMost(Duration.ofSeconds(30)).until(() -> !sees.messages(Welcome.class).isEmpty());
            } finally {
                transport.close();
            }
            assertThat(sees.states()).containsSubsequence(ConnectionState.CONNECTED, ConnectionState.RECONNECTING,
                    ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
            assertThat(drops).hasSize(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> hostile.size() >= 2);
            for (int i = 0; i < 2; i++) {
                long[] h = hostile.get(i);
                assertThat((drops.get(i)[0] - h[0]) / 1_000_000).as("closed within a second of the header")
                        .isLessThan(1000);
                assertThat(h[1]).as("stopped reading long before 100 MB").isLessThan(FRAME / 4);
            }
        }
    }

    private void acceptLoop(ServerSocket server) {
        int count = 0;
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                boolean attack = count++ < 2;
                Thread t = new Thread(() -> serve(socket, attack), "hostile-socketio-" + count);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, boolean attack) {
        long headerSent = 0;
        long written = 0;
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String key = null;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            text(out, "0{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
            while (!readText(in).startsWith("40")) {
                // wait for the namespace connect
            }
            text(out, "40{\"sid\":\"n\"}");
            while (!readText(in).startsWith("42")) {
                // wait for the join
            }
            if (attack) {
                byte[] header = {(byte) 0x81, 127, 0, 0, 0, 0, 0, 0, 0, 0};
                for (int i = 0; i < 8; i++) {
                    header[2 + i] = (byte) (FRAME >>> (8 * (7 - i)));
                }
                out.write(header);
                out.flush();
                headerSent = System.nanoTime();
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                while (written < FRAME) {
                    out.write(chunk);
                    written += chunk.length;
                }
            } else {
                text(out, "42[\"signal\",{\"v\":1,\"type\":\"welcome\",\"room\":\"lobby\",\"self\":\"p1\",\"peers\":[],"
                        + "\"iceServers\":[]}]");
                while (true) {
                    readText(in); // until the client closes
                }
            }
        } catch (Exception e) {
            // the client went away
        } finally {
            if (attack) {
                hostile.add(new long[] {headerSent, written});
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }

    private static void text(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(new byte[] {(byte) 0x81, (byte) 126, (byte) (payload.length >>> 8), (byte) payload.length});
        out.write(payload);
        out.flush();
    }

    /** One masked client frame's text (clients always mask; this test's frames are short). */
    private static String readText(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        int len = in.readUnsignedByte() & 0x7F;
        long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new String(payload, StandardCharsets.UTF_8);
    }
}
