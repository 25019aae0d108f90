package dev.callwire.transport.websocket;

import static dev.callwire.ConnectionState.CLOSED;
import static dev.callwire.ConnectionState.CONNECTED;
import static dev.callwire.ConnectionState.CONNECTING;
import static dev.callwire.ConnectionState.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callwire.ConnectionState;
import dev.callwire.conformance.RecordingListener;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport contract against a real local WebSocket server that can refuse, drop and restart. */
class WebSocketTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TransportOptions FAST = TransportOptions.builder()
            .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(200))
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    private final FakeSignalingServer server = new FakeSignalingServer();
    private final WebSocketTransportProvider provider = new WebSocketTransportProvider();
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
        assertThat(transport.state()).isEqualTo(CONNECTED);
        assertThat(server.connection(0).messages()).containsExactly(join());
        assertThat(listener.threads()).allMatch(name -> name.startsWith("callwire-ws-"));
    }

    @Test
    void afterADropReportsReconnectingThenResumesThePeerIdBeforeFlushingTheQueue() {
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().size() == 1);

        server.refuseWith = 503; // keep the client disconnected while it queues
        server.connection(0).socket.close(1001, "going away");
        await().atMost(WAIT).until(() -> transport.state() == RECONNECTING);
        Bye bye = new Bye("lobby", null, "p7", "call-1", ByeReason.HANGUP);
        assertThat(transport.send(bye)).isTrue();
        assertThat(server.connections).hasSize(1);

        server.refuseWith = 0;
        await().atMost(WAIT).until(() -> listener.count(CONNECTED) == 2);
        await().atMost(WAIT).until(() -> server.connections.size() == 2 && server.connection(1).frames.size() == 2);
        assertThat(server.connection(1).messages()).containsExactly(join().resuming("p1"), bye);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED, RECONNECTING, CONNECTED);
        assertThat(listener.changes().get(2).cause()).as("RECONNECTING says why").isNotNull();
        await().atMost(WAIT).until(() -> listener.messages().size() == 2);
        assertThat(((Welcome) listener.messages().get(1)).self()).isEqualTo("p1");
    }

    @Test
    void survivesAServerRestartOnTheSamePortAndKeepsItsPeerIdAcrossTwoRestarts() throws Exception {
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
        await().atMost(WAIT).until(() -> server.connections.size() == 3 && !server.connection(2).frames.isEmpty());
        assertThat(server.connection(1).messages()).containsExactly(join().resuming("p1"));
        assertThat(server.connection(2).messages()).containsExactly(join().resuming("p1"));
    }

    @Test
    void theQueueIsBoundedWhileDisconnectedAndNothingIsSentAfterClose() {
        server.refuseWith = 503;
        SignalingTransport transport = transport(FAST.toBuilder().maxQueuedMessages(2).build());
        RecordingListener listener = new RecordingListener();
        transport.start(listener);

        assertThat(transport.send(join())).isTrue();
        assertThat(transport.send(new Leave("lobby"))).isTrue();
        assertThat(transport.send(new Leave("lobby"))).as("third message overflows a queue of two").isFalse();
        assertThat(transport.state()).isEqualTo(CONNECTING);

        transport.close();
        assertThat(transport.send(new Leave("lobby"))).isFalse();
        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.states()).as("never connected, never reconnecting").containsExactly(CONNECTING, CLOSED);
        assertThat(listener.changes().get(1).cause()).isNull();
    }

    @Test
    void dropsWhatTheCodecRejectsWithoutClosingTheConnection() {
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().size() == 1);

        FakeSignalingServer.Connection connection = server.connection(0);
        connection.sendRaw("not json");
        connection.sendRaw("{\"v\":1,\"type\":\"no-such-type\",\"room\":\"lobby\"}");
        connection.sendRaw("{\"v\":2,\"type\":\"peer-left\",\"room\":\"lobby\",\"peer\":{\"id\":\"x\"}}");
        connection.sendRaw("{\"v\":1,\"type\":\"peer-joined\",\"room\":\"bad room!\",\"peer\":{\"id\":\"x\"}}");
        PeerJoined valid = new PeerJoined("lobby", new PeerInfo("bob", "Bob"));
        connection.send(valid);

        await().atMost(WAIT).until(() -> listener.messages().size() == 2);
        assertThat(listener.messages().get(1)).isEqualTo(valid);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED);
        assertThat(connection.open).isTrue();
        assertThat(server.connections).hasSize(1);
    }

    @Test
    void deliversMessagesOneAtATimeInArrivalOrderEvenWhenTheListenerThrows() {
        SignalingTransport transport = transport(FAST);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxInside = new java.util.concurrent.atomic.AtomicInteger();
        transport.start(new SignalingTransport.Listener() {
            @Override
            public void onMessage(Message message) {
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    if (message instanceof PeerJoined joined) {
                        seen.add(joined.peer().id());
                        if (joined.peer().id().equals("peer-3")) {
                            throw new IllegalStateException("a broken listener");
                        }
                    }
                } finally {
                    inside.decrementAndGet();
                }
            }

            @Override
            public void onStateChanged(ConnectionState state, Throwable cause) {
            }
        });
        transport.send(join());
        await().atMost(WAIT).until(() -> server.connections.size() == 1 && server.connection(0).frames.size() == 1);
        FakeSignalingServer.Connection connection = server.connection(0);
        List<String> expected = IntStream.range(0, 200).mapToObj(i -> "peer-" + i).toList();
        expected.forEach(id -> connection.send(new PeerJoined("lobby", new PeerInfo(id, null))));

        await().atMost(WAIT).until(() -> seen.size() == expected.size());
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(maxInside.get()).as("listener calls never overlap").isEqualTo(1);
    }

    @Test
    void closeSendsWhatWasSentBeforeItIsIdempotentAndLeavesNoThreads() {
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
        assertThat(transport.send(new Leave("lobby"))).isFalse();

        FakeSignalingServer.Connection connection = server.connection(0);
        await().atMost(WAIT).until(() -> connection.closeCode == 1000);
        assertThat(connection.messages()).containsExactly(join(), bye, new Leave("lobby"));
        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.count(CLOSED)).isEqualTo(1);
        assertThat(listener.changes().get(listener.changes().size() - 1).cause()).isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(transportThreads()).isEmpty());
        assertThatThrownBy(() -> transport.start(new RecordingListener())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manyTransportsOpenedAndClosedLeaveNoThreadsBehind() {
        for (int i = 0; i < 20; i++) {
            SignalingTransport transport = transport(FAST);
            RecordingListener listener = new RecordingListener();
            transport.start(listener);
            transport.send(join());
            await().atMost(WAIT).until(() -> listener.messages().size() == 1);
            transport.close();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(transportThreads()).isEmpty());
    }

    @Test
    void closingWhileDisconnectedEndsItsThreadsToo() throws Exception {
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().size() == 1);
        server.stop();
        await().atMost(WAIT).until(() -> transport.state() == RECONNECTING);

        transport.close();
        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED, RECONNECTING, CLOSED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(transportThreads()).isEmpty());
    }

    @Test
    void givesUpWhenTheFirstHandshakeIsRefusedWithAClientError() {
        server.refuseWith = 404;
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());

        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.states()).containsExactly(CONNECTING, CLOSED);
        assertThat(listener.changes().get(1).cause()).hasMessageContaining("404");
        assertThat(transport.state()).isEqualTo(CLOSED);
        assertThat(transport.send(new Leave("lobby"))).isFalse();
    }

    @Test
    void keepsRetryingWhileTheServerIsUnavailable() {
        server.refuseWith = 503;
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().isEmpty() && server.connections.isEmpty()
                && transport.state() == CONNECTING && requests() >= 3);

        server.refuseWith = 0;
        await().atMost(WAIT).until(() -> transport.state() == CONNECTED);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED);
    }

    private int requests() {
        return server.requestCount();
    }

    static List<String> transportThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("callwire-ws-")).toList();
    }
}
