package dev.callwire.transport.socketio;

import static dev.callwire.ConnectionState.CLOSED;
import static dev.callwire.ConnectionState.CONNECTED;
import static dev.callwire.ConnectionState.CONNECTING;
import static dev.callwire.ConnectionState.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.conformance.RecordingListener;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport contract against a minimal local socket.io server that can refuse, drop and restart. */
class SocketIoTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TransportOptions FAST = TransportOptions.builder()
            .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(200))
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    private final FakeSocketIoServer server = new FakeSocketIoServer();
    private final SocketIoTransportProvider provider = new SocketIoTransportProvider();
    private final List<SignalingTransport> transports = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        transports.forEach(SignalingTransport::close);
        server.close();
    }

    private SignalingTransport transport(TransportOptions options) {
        SignalingTransport transport = provider.create(server.uri(), options);
        transports.add(transport);
        return transport;
    }

    private static Join join() {
        return new Join("lobby", "alice", "secret-token");
    }

    @Test
    void queuesTheJoinWhileConnectingThenDeliversTheWelcome() {
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        assertThat(transport.send(join())).isTrue();

        await().atMost(WAIT).until(() -> listener.messages().size() == 1);
        assertThat(listener.messages().get(0)).isInstanceOfSatisfying(Welcome.class,
                w -> assertThat(w.self()).isEqualTo("p1"));
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED);
        assertThat(server.connection(0).messages()).containsExactly(join());
        assertThat(server.paths.get(0)).startsWith("/socket.io/?").contains("EIO=4").contains("transport=websocket");
        assertThat(listener.threads()).allMatch(name -> name.startsWith("callwire-socketio-"));
    }

    @Test
    void carriesEveryFieldThroughTheJsonObjectConversionBothWays() {
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().size() == 1);

        Candidate candidate = new Candidate("lobby", null, "p2", "call-1",
                new IceCandidate("candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host \"ü/\\", "0", 0));
        Candidate end = new Candidate("lobby", null, "p2", "call-1", null);
        transport.send(candidate);
        transport.send(end);
        await().atMost(WAIT).until(() -> server.connection(0).signals.size() == 3);
        assertThat(server.connection(0).messages()).containsExactly(join(), candidate, end);

        Candidate inbound = new Candidate("lobby", "p2", "p1", "call-1", candidate.candidate());
        server.connection(0).send(inbound);
        await().atMost(WAIT).until(() -> listener.messages().size() == 2);
        assertThat(listener.messages().get(1)).isEqualTo(inbound);
    }

    @Test
    void afterADropReportsReconnectingThenResumesThePeerIdBeforeFlushingTheQueue() {
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().size() == 1);

        server.refuseWith = 503;
        server.connection(0).socket.close(1001, "going away");
        await().atMost(WAIT).until(() -> transport.state() == RECONNECTING);
        Bye bye = new Bye("lobby", null, "p7", "call-1", ByeReason.HANGUP);
        assertThat(transport.send(bye)).isTrue();

        server.refuseWith = 0;
        await().atMost(WAIT).until(() -> listener.count(CONNECTED) == 2);
        await().atMost(WAIT).until(() -> server.connections.size() == 2 && server.connection(1).signals.size() == 2);
        assertThat(server.connection(1).messages()).containsExactly(join().resuming("p1"), bye);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED, RECONNECTING, CONNECTED);
        assertThat(listener.changes().get(2).cause()).isNotNull();
        await().atMost(WAIT).until(() -> listener.messages().size() == 2);
        assertThat(((Welcome) listener.messages().get(1)).self()).isEqualTo("p1");
    }

    @Test
    void survivesServerRestartsOnTheSamePort() throws Exception {
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().size() == 1);

        server.restart();
        await().atMost(WAIT).until(() -> listener.count(CONNECTED) == 2);
        server.restart();
        await().atMost(WAIT).until(() -> listener.count(CONNECTED) == 3);

        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED, RECONNECTING, CONNECTED, RECONNECTING,
                CONNECTED);
        await().atMost(WAIT).until(() -> server.connections.size() == 3 && !server.connection(2).signals.isEmpty());
        assertThat(server.connection(2).messages()).containsExactly(join().resuming("p1"));
    }

    @Test
    void dropsWhatTheCodecRejectsWithoutClosingTheConnection() {
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().size() == 1);

        FakeSocketIoServer.Connection connection = server.connection(0);
        connection.emit("not json");
        connection.emit(new JSONObject().put("v", 1).put("type", "no-such-type").put("room", "lobby"));
        connection.emit(42);
        connection.emit(new JSONObject().put("v", 1), new JSONObject());
        PeerJoined valid = new PeerJoined("lobby", new PeerInfo("bob", "Bob"));
        connection.send(valid);

        await().atMost(WAIT).until(() -> listener.messages().size() == 2);
        assertThat(listener.messages().get(1)).isEqualTo(valid);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED);
        assertThat(connection.open).isTrue();
    }

    @Test
    void theQueueIsBoundedWhileDisconnected() {
        server.refuseWith = 503;
        SignalingTransport transport = transport(FAST.toBuilder().maxQueuedMessages(1).build());
        RecordingListener listener = new RecordingListener();
        transport.start(listener);

        assertThat(transport.send(join())).isTrue();
        assertThat(transport.send(new Leave("lobby"))).isFalse();
        transport.close();
        assertThat(transport.send(new Leave("lobby"))).isFalse();
        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.states()).containsExactly(CONNECTING, CLOSED);
    }

    @Test
    void closeSendsWhatWasSentBeforeThenDisconnectsAndLeavesNoThreads() {
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().size() == 1);

        Bye bye = new Bye("lobby", null, "p9", "call-2", ByeReason.HANGUP);
        assertThat(transport.send(bye)).isTrue();
        assertThat(transport.send(new Leave("lobby"))).isTrue();
        transport.close();
        transport.close();
        assertThat(transport.state()).isEqualTo(CLOSED);

        FakeSocketIoServer.Connection connection = server.connection(0);
        await().atMost(WAIT).until(() -> connection.packets.contains("1"));
        assertThat(connection.messages()).containsExactly(join(), bye, new Leave("lobby"));
        assertThat(connection.packets.get(connection.packets.size() - 1)).as("disconnect comes last").isEqualTo("1");
        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.count(CLOSED)).isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(transportThreads()).isEmpty());
    }

    @Test
    void manyTransportsOpenedAndClosedLeaveNoThreadsBehind() {
        for (int i = 0; i < 15; i++) {
            SignalingTransport transport = transport(FAST);
            RecordingListener listener = new RecordingListener();
            transport.start(listener);
            transport.send(join());
            await().atMost(WAIT).until(() -> listener.messages().size() == 1);
            transport.close();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(transportThreads()).isEmpty());
    }

    /** Ours and the socket.io client's (its event thread and heartbeat schedulers end when idle). */
    static List<String> transportThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("callwire-socketio-") || name.startsWith("engine.io-client.heartbeat")
                        || name.equals("EventThread"))
                .toList();
    }
}
