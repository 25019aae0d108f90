package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The optional TCP line endpoint: one envelope per line, sharing rooms with the WebSocket endpoint. */
class TcpLineEndpointIT {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private SignalingServer server(int tcpLinePort) {
        SignalingServer server = SignalingServer.builder().port(0).tcpLinePort(tcpLinePort).build();
        toClose.add(server);
        server.start();
        return server;
    }

    private LineClient lines(URI uri) throws IOException {
        LineClient client = new LineClient(uri);
        toClose.add(client);
        return client;
    }

    private WsTestClient ws(SignalingServer server) {
        WsTestClient client = WsTestClient.connect(server);
        toClose.add(client);
        return client;
    }

    private static String room() {
        return "room-" + UUID.randomUUID();
    }

    @Test
    void aLineClientAndAWebSocketClientShareARoom() throws Exception {
        SignalingServer server = server(0);
        assertThat(server.tcpLineUri().getScheme()).isEqualTo("tcpline");
        assertThat(server.tcpLineUri().getPort()).isPositive().isNotEqualTo(server.port());
        String room = room();
        LineClient alice = lines(server.tcpLineUri());
        WsTestClient bob = ws(server);

        Welcome aliceWelcome = alice.join(new Join(room, "Alice", null));
        Welcome bobWelcome = bob.join(new Join(room, "Bob", null));
        assertThat(bobWelcome.peers()).containsExactly(new PeerInfo(aliceWelcome.self(), "Alice"));
        assertThat(alice.next(PeerJoined.class).peer()).isEqualTo(new PeerInfo(bobWelcome.self(), "Bob"));

        alice.send(new Offer(room, "mallory", bobWelcome.self(), "c1", "v=0 from tcp ü"));
        Offer toBob = bob.next(Offer.class);
        assertThat(toBob.from()).as("spoofed from is overwritten").isEqualTo(aliceWelcome.self());
        assertThat(toBob.sdp()).isEqualTo("v=0 from tcp ü");

        bob.send(new Offer(room, null, aliceWelcome.self(), "c2", "line one\nline two\r\n"));
        Offer toAlice = alice.next(Offer.class);
        assertThat(toAlice.from()).isEqualTo(bobWelcome.self());
        assertThat(toAlice.sdp()).as("newlines in values are escaped, not framing").isEqualTo("line one\nline two\r\n");

        alice.send(new Leave(room));
        assertThat(bob.next(PeerLeft.class).peerId()).isEqualTo(aliceWelcome.self());
    }

    @Test
    void closingTheSocketLeavesTheRoom() throws Exception {
        SignalingServer server = server(0);
        String room = room();
        LineClient alice = lines(server.tcpLineUri());
        WsTestClient bob = ws(server);
        String aliceId = alice.join(new Join(room, null, null)).self();
        bob.join(room);

        alice.close();

        assertThat(bob.next(PeerLeft.class).peerId()).isEqualTo(aliceId);
    }

    @Test
    void refusalsAreAnsweredAndTheConnectionStaysUsable() throws Exception {
        SignalingServer server = server(0);
        LineClient client = lines(server.tcpLineUri());

        client.sendRaw(("{\"v\":1,\"type\":\"offer\",\"x\":\"" + "x".repeat(ProtocolCodec.MAX_MESSAGE_BYTES * 3)
                + "\"}\n").getBytes(StandardCharsets.UTF_8));
        assertThat(client.nextError().code()).isEqualTo(ProtocolError.TOO_LARGE);

        client.sendRaw("this is not json\n".getBytes(StandardCharsets.UTF_8));
        assertThat(client.nextError().code()).isEqualTo(ProtocolError.BAD_MESSAGE);

        client.sendRaw(new byte[] {'{', (byte) 0xC3, '\n'});
        ErrorMessage badUtf8 = client.nextError();
        assertThat(badUtf8.code()).isEqualTo(ProtocolError.BAD_MESSAGE);
        assertThat(badUtf8.message()).contains("UTF-8");

        client.sendRaw("\n\r\n".getBytes(StandardCharsets.UTF_8)); // heartbeats: ignored, not answered
        Welcome welcome = client.join(new Join(room(), null, null));
        assertThat(welcome.self()).isNotBlank();
    }

    @Test
    void aLineOfExactlyTheLimitReachesTheCodec() throws Exception {
        SignalingServer server = server(0);
        LineClient client = lines(server.tcpLineUri());
        String prefix = "{\"v\":1,\"type\":\"leave\",\"room\":\"r\",\"pad\":\"";
        String line = prefix + "x".repeat(ProtocolCodec.MAX_MESSAGE_BYTES - prefix.length() - 2) + "\"}";
        assertThat(line.getBytes(StandardCharsets.UTF_8)).hasSize(ProtocolCodec.MAX_MESSAGE_BYTES);

        client.sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));

        // Not too-large: the envelope fits, so the hub handles it (and refuses the leave, not being in "r").
        assertThat(client.nextError().code()).isEqualTo(ProtocolError.NOT_JOINED);
    }

    @Test
    void closingTheServerDropsClientsAndFreesThePortForANewServer() throws Exception {
        SignalingServer first = server(0);
        int tcpPort = first.tcpLineUri().getPort();
        LineClient client = lines(first.tcpLineUri());
        client.join(new Join(room(), null, null));

        first.close();

        assertThat(client.readLine()).as("end of stream once the server closed").isNull();
        SignalingServer second = server(tcpPort);
        assertThat(second.tcpLineUri().getPort()).isEqualTo(tcpPort);
        LineClient again = lines(second.tcpLineUri());
        assertThat(again.join(new Join(room(), null, null)).self()).isNotBlank();
    }

    @Test
    void disabledByDefault() {
        SignalingServer server = SignalingServer.builder().port(0).build();
        toClose.add(server);
        server.start();

        assertThatThrownBy(server::tcpLineUri).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tcpLinePort");
        assertThatThrownBy(() -> SignalingServer.builder().tcpLinePort(65_536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcpLinePort");
    }

    @Test
    void commandLineOptionEnablesTheEndpoint() throws Exception {
        SignalingServerMain main = new SignalingServerMain();
        new CommandLine(main).parseArgs("--port", "0", "--tcp-line-port", "0");
        SignalingServer server = main.toServer();
        toClose.add(server);
        server.start();

        LineClient client = lines(server.tcpLineUri());
        assertThat(client.join(new Join(room(), null, null)).self()).isNotBlank();
    }

    /** A raw TCP client: writes lines, reads lines (skipping the server's empty heartbeat lines). */
    private static final class LineClient implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;

        LineClient(URI uri) throws IOException {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout((int) WsTestClient.TIMEOUT.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void send(Message message) throws IOException {
            sendRaw((ProtocolCodec.encode(message) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        Welcome join(Join join) throws IOException {
            send(join);
            return next(Welcome.class);
        }

        /** The next non-empty line, or {@code null} at the end of the stream; fails after the timeout. */
        String readLine() throws IOException {
            while (true) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                try {
                    while ((b = in.read()) >= 0 && b != '\n') {
                        line.write(b);
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no line within " + WsTestClient.TIMEOUT, e);
                }
                if (b < 0 && line.size() == 0) {
                    return null;
                }
                if (line.size() > 0) {
                    return line.toString(StandardCharsets.UTF_8);
                }
            }
        }

        <T extends Message> T next(Class<T> type) throws IOException {
            String line = readLine();
            assertThat(line).as("a line").isNotNull();
            Message message = ProtocolCodec.decode(line);
            assertThat(message).isInstanceOf(type);
            return type.cast(message);
        }

        ErrorMessage nextError() throws IOException {
            return next(ErrorMessage.class);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
