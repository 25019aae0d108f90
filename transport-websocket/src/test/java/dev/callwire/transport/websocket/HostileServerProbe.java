package dev.callwire.transport.websocket;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own with a small heap by {@link HostileServerIT}: a real {@link WebSocketTransport} against a
 * {@link HostileWebSocketServer} that sends 100 MB frames on its first two connections and a welcome on the
 * third. Prints one line per event for the test to check, then {@code DONE}.
 */
public final class HostileServerProbe {

    static final long FRAME = 100L * 1024 * 1024;

    private HostileServerProbe() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String welcome = "{\"v\":1,\"type\":\"welcome\",\"room\":\"lobby\",\"self\":\"p1\",\"peers\":[],\"iceServers\":[]}";
        CountDownLatch welcomed = new CountDownLatch(1);
        try (HostileWebSocketServer server = new HostileWebSocketServer(2, FRAME, welcome)) {
            TransportOptions options = TransportOptions.builder()
                    .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(100)).build();
            SignalingTransport transport = new WebSocketTransportProvider().create(URI.create(server.uri()), options);
            out.println("MAXHEAP " + Runtime.getRuntime().maxMemory());
            transport.start(new SignalingTransport.Listener() {
                @Override
                public void onMessage(Message message) {
                    out.println("MESSAGE " + message.type().wireName());
                    if (message instanceof Welcome) {
                        welcomed.countDown();
                    }
                }

                @Override
                public void onStateChanged(ConnectionState state, Throwable cause) {
                    out.println("STATE " + state + " " + System.nanoTime() + " "
                            + (cause == null ? "-" : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
                }
            });
            transport.send(new Join("lobby", "probe", null));
            boolean ok = welcomed.await(30, TimeUnit.SECONDS);
            transport.close();
            List<HostileWebSocketServer.Connection> connections = List.copyOf(server.connections);
            for (HostileWebSocketServer.Connection c : connections) {
                out.println("CONNECTION " + c.offeredCompression() + " " + c.frameHeaderSentNanos() + " "
                        + c.bytesWritten());
            }
            System.gc();
            Runtime rt = Runtime.getRuntime();
            out.println("USEDHEAP " + (rt.totalMemory() - rt.freeMemory()));
            out.println(ok ? "DONE" : "TIMEOUT");
        }
    }
}
