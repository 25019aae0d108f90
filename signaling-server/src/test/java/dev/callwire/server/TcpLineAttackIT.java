package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the TCP line endpoint (issue 15): silent clients, connection floods and slow lines. Each test keeps
 * a joined pair (one TCP line peer, one WebSocket peer) and checks, while the attack runs and after it, that
 * {@code /healthz} answers and the pair relays both ways within a second.
 */
class TcpLineAttackIT {

    private static final Duration RESPONSIVE = Duration.ofSeconds(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(RESPONSIVE).build();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private SignalingServer server(SignalingServer.Builder builder) {
        SignalingServer server = builder.port(0).tcpLinePort(0).build();
        toClose.add(server);
        server.start();
        try {
            healthz(server); // warms up the HTTP client, so the timed checks measure the server
        } catch (Exception e) {
            throw new AssertionError("/healthz before any attack", e);
        }
        return server;
    }

    private Socket raw(SignalingServer server) throws IOException {
        Socket socket = new Socket();
        toClose.add(socket);
        URI uri = server.tcpLineUri();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        return socket;
    }

    @Test
    void silentClientsAreClosedAfterTheIdleTimeoutWhileAJoinedPairKeepsWorking() throws Exception {
        SignalingServer server = server(SignalingServer.builder()
                .tcpLineLimits(1_000, Duration.ofSeconds(2))
                .perIpLimits(1_000, 10_000, 1_000)); // one address here; this test is about silence, not per-IP caps
        Pair pair = Pair.join(server, toClose);

        long start = System.nanoTime();
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            silent.add(raw(server));
        }
        long opened = System.nanoTime();
        assertResponsive(server, pair);

        // Read in opening order: the first socket is the first to reach its deadline.
        assertThat(readLine(silent.get(0), Duration.ofSeconds(10))).as("closed without a refusal line").isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the idle timeout")
                .isGreaterThan(Duration.ofMillis(1_900));
        for (Socket socket : silent) {
            assertThat(readLine(socket, Duration.ofSeconds(10))).as("a silent client is closed").isNull();
        }
        Duration closedAfter = Duration.ofNanos(System.nanoTime() - opened);
        assertThat(closedAfter).as("all 300 closed a little after the 2 s idle timeout").isLessThan(Duration.ofSeconds(8));
        await().atMost(Duration.ofSeconds(5)).until(() -> connections(server) == 2);

        // The TCP line peer of the pair has been silent for longer than the idle timeout too: joined, it stays.
        assertResponsive(server, pair);
    }

    @Test
    void connectionsBeyondTheCapAreRefusedPromptly() throws Exception {
        SignalingServer server = server(SignalingServer.builder()
                .tcpLineLimits(20, Duration.ofSeconds(30))
                .perIpLimits(1_000, 10_000, 1_000));
        Pair pair = Pair.join(server, toClose);
        for (int i = 0; i < 19; i++) {
            raw(server); // with the pair's TCP peer: 20, the cap
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> connections(server) >= 21);

        for (int i = 0; i < 50; i++) {
            long start = System.nanoTime();
            Socket extra = raw(server);
            ErrorMessage refusal = refusal(extra);
            assertThat(refusal.code()).isEqualTo(ProtocolError.RATE_LIMITED);
            assertThat(refusal.message()).contains("limit of 20");
            assertThat(readsEndOfStream(extra, RESPONSIVE)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused promptly").isLessThan(RESPONSIVE);
        }
        assertResponsive(server, pair);
    }

    @Test
    void oneAddressIsCappedInConnectionsAndInConnectingRate() throws Exception {
        SignalingServer capped = server(SignalingServer.builder().perIpLimits(5, 10_000, 1_000));
        Pair pair = Pair.join(capped, toClose); // one of the 5
        for (int i = 0; i < 4; i++) {
            raw(capped);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(refusal(raw(capped)).message()).contains("more than 5 connections from one address");
        }
        assertResponsive(capped, pair);

        SignalingServer paced = server(SignalingServer.builder().perIpLimits(1_000, 0.1, 10));
        Pair second = Pair.join(paced, toClose); // one token of the burst
        for (int i = 0; i < 9; i++) {
            raw(paced);
        }
        assertThat(refusal(raw(paced)).message()).contains("connecting faster than 0.1/s");
        assertResponsive(paced, second);
    }

    @Test
    void aLineDrippedSlowerThanTheDeadlineEndsTheConnection() throws Exception {
        SignalingServer server = server(SignalingServer.builder().tcpLineLimits(1_000, Duration.ofSeconds(1)));
        Pair pair = Pair.join(server, toClose);
        Socket dripper = raw(server);
        long start = System.nanoTime();
        dripper.getOutputStream().write("{\"v\":1,".getBytes(StandardCharsets.UTF_8));
        // Bytes keep arriving, never a newline: only the per-line deadline can end this.
        boolean closed = false;
        while (!closed && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
            try {
                dripper.getOutputStream().write(' ');
                dripper.getOutputStream().flush();
            } catch (IOException e) {
                closed = true; // reset by the server
                break;
            }
            closed = readsEndOfStream(dripper, Duration.ofMillis(200));
        }
        assertThat(closed).as("closed within 5 s of the line's first byte").isTrue();
        assertResponsive(server, pair);
    }

    // --- helpers ---

    private static int connections(SignalingServer server) throws Exception {
        String body = healthz(server).body();
        int at = body.indexOf("\"connections\":") + "\"connections\":".length();
        return Integer.parseInt(body.substring(at, body.indexOf(',', at)));
    }

    private static HttpResponse<String> healthz(SignalingServer server) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.httpUri().resolve("/healthz")).timeout(RESPONSIVE).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertResponsive(SignalingServer server, Pair pair) throws Exception {
        long start = System.nanoTime();
        assertThat(healthz(server).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("/healthz").isLessThan(RESPONSIVE);
        pair.relayBothWays();
    }

    /** The one line a refused connection gets. */
    private static ErrorMessage refusal(Socket socket) throws IOException {
        String line = readLine(socket, RESPONSIVE);
        assertThat(line).as("a refusal line").isNotNull();
        Message message = ProtocolCodec.decode(line);
        assertThat(message).isInstanceOf(ErrorMessage.class);
        return (ErrorMessage) message;
    }

    /** Whether the server closed the socket (end of stream or reset) within {@code within}, skipping lines. */
    private static boolean readsEndOfStream(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // heartbeats or a refusal line: keep reading
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** The next non-empty line, or {@code null} at the end of the stream. */
    private static String readLine(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            if (line.size() > 0) {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b < 0) {
                return null;
            }
        }
    }

    /** A TCP line peer and a WebSocket peer in one room. */
    private record Pair(String room, Socket line, String lineId, WsTestClient ws, String wsId) {

        static Pair join(SignalingServer server, List<AutoCloseable> toClose) throws IOException {
            String room = "room-" + UUID.randomUUID();
            Socket line = new Socket();
            toClose.add(line);
            URI uri = server.tcpLineUri();
            line.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            send(line, new Join(room, "line", null));
            String lineId = ((dev.callwire.protocol.Welcome) ProtocolCodec.decode(readLine(line, WsTestClient.TIMEOUT)))
                    .self();
            WsTestClient ws = WsTestClient.connect(server);
            toClose.add(ws);
            String wsId = ws.join(room).self();
            String joined = readLine(line, WsTestClient.TIMEOUT);
            while (joined != null && joined.isEmpty()) { // a heartbeat may come first: presence is coalesced
                joined = readLine(line, WsTestClient.TIMEOUT);
            }
            assertThat(ProtocolCodec.decode(joined)).isInstanceOf(PeerJoined.class);
            return new Pair(room, line, lineId, ws, wsId);
        }

        private static void send(Socket socket, Message message) throws IOException {
            socket.getOutputStream().write((ProtocolCodec.encode(message) + "\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }

        void relayBothWays() throws IOException {
            long start = System.nanoTime();
            String callId = "c-" + UUID.randomUUID();
            ws.send(new Offer(room, null, lineId, callId, "v=0 to line"));
            Message toLine = ProtocolCodec.decode(readLine(line, RESPONSIVE));
            assertThat(toLine).isInstanceOf(Offer.class);
            assertThat(((Offer) toLine).callId()).isEqualTo(callId);
            send(line, new Offer(room, null, wsId, callId, "v=0 to ws"));
            assertThat(ws.next(Offer.class).callId()).isEqualTo(callId);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("pair relay").isLessThan(RESPONSIVE);
        }
    }
}
