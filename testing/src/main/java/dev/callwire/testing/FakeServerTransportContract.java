package dev.callwire.testing;

import static dev.callwire.ConnectionState.CLOSED;
import static dev.callwire.ConnectionState.CONNECTED;
import static dev.callwire.ConnectionState.CONNECTING;
import static dev.callwire.ConnectionState.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.conformance.RecordingListener;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Candidate;
import dev.callwire.protocol.IceCandidate;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server-based transport's own behaviour, as fast unit tests against a {@link FakeServer} of its wire that
 * can refuse, drop and restart: queueing while connecting, the reconnection states, resuming the peer id
 * before flushing the queue, a bounded queue, dropping what does not decode, ordered non-overlapping delivery,
 * close (idempotent, sends what came before, says goodbye, leaves no threads), retrying while the server is
 * unavailable. {@link dev.callwire.conformance.SignalingTransportContract} checks the same transport against
 * the real server; this contract checks what only a server that misbehaves on purpose can show.
 *
 * @param <S> the fake server of the transport's wire
 */
public abstract class FakeServerTransportContract<S extends FakeServer<?>> {

    /** Generous enough for a loaded two-core CI machine. */
    protected static final Duration WAIT = Duration.ofSeconds(10);

    /** Quick reconnection and a short connect timeout, so that every test takes a few hundred milliseconds. */
    protected static final TransportOptions FAST = TransportOptions.builder()
            .reconnectDelays(Duration.ofMillis(50), Duration.ofMillis(200))
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    /** The fake server, started before each test and closed after it. */
    protected S server;
    private final List<SignalingTransport> transports = new ArrayList<>();

    /**
     * A new fake server of the transport's wire, not started.
     *
     * @return the server
     */
    protected abstract S newServer();

    /**
     * The provider under test.
     *
     * @return a provider whose transports reach {@link FakeServer#uri()}
     */
    protected abstract SignalingTransportProvider provider();

    /**
     * The start of the name of the threads the transport calls its listener on.
     *
     * @return e.g. {@code callwire-ws-}
     */
    protected abstract String listenerThreadPrefix();

    /**
     * The names of the live threads that the transport (and the library under it) run on.
     *
     * @return the names; empty once every transport is closed
     */
    protected abstract List<String> transportThreadNames();

    @BeforeEach
    void startServer() throws Exception {
        server = newServer();
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        transports.forEach(SignalingTransport::close);
        server.close();
    }

    /**
     * A transport to the fake server, closed after the test.
     *
     * @param options its options
     * @return the transport, not started
     */
    protected final SignalingTransport transport(TransportOptions options) {
        SignalingTransport transport = provider().create(server.uri(), options);
        transports.add(transport);
        return transport;
    }

    /**
     * A transport that joined and was welcomed as {@code p1}.
     *
     * @param listener its listener
     * @return the started transport
     */
    protected final SignalingTransport welcomed(RecordingListener listener) {
        SignalingTransport transport = transport(FAST);
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().size() == 1);
        return transport;
    }

    /**
     * The {@code join} every test sends.
     *
     * @return a join of room {@code lobby} as {@code alice}, with a token
     */
    protected static Join join() {
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
        assertThat(listener.threads()).allMatch(name -> name.startsWith(listenerThreadPrefix()));
    }

    @Test
    void carriesEveryFieldBothWays() {
        RecordingListener listener = new RecordingListener();
        SignalingTransport transport = welcomed(listener);

        Candidate candidate = new Candidate("lobby", null, "p2", "call-1",
                new IceCandidate("candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host \"ü/\\", "0", 0));
        Candidate end = new Candidate("lobby", null, "p2", "call-1", null);
        transport.send(candidate);
        transport.send(end);
        await().atMost(WAIT).until(() -> server.connection(0).messages().size() == 3);
        assertThat(server.connection(0).messages()).containsExactly(join(), candidate, end);

        Candidate inbound = new Candidate("lobby", "p2", "p1", "call-1", candidate.candidate());
        server.connection(0).send(inbound);
        await().atMost(WAIT).until(() -> listener.messages().size() == 2);
        assertThat(listener.messages().get(1)).isEqualTo(inbound);
    }

    @Test
    void afterADropReportsReconnectingThenResumesThePeerIdBeforeFlushingTheQueue() {
        RecordingListener listener = new RecordingListener();
        SignalingTransport transport = welcomed(listener);

        server.refuseHandshakes(503); // keep the client disconnected while it queues
        server.connection(0).drop();
        await().atMost(WAIT).until(() -> transport.state() == RECONNECTING);
        Bye bye = new Bye("lobby", null, "p7", "call-1", ByeReason.HANGUP);
        assertThat(transport.send(bye)).isTrue();
        assertThat(server.connections()).hasSize(1);

        server.acceptHandshakes();
        await().atMost(WAIT).until(() -> listener.count(CONNECTED) == 2);
        await().atMost(WAIT).until(() -> server.connections().size() == 2
                && server.connection(1).messages().size() == 2);
        assertThat(server.connection(1).messages()).as("the id and the key of the welcome")
                .containsExactly(join().resuming("p1", "k1-p1"), bye);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED, RECONNECTING, CONNECTED);
        assertThat(listener.changes().get(2).cause()).as("RECONNECTING says why").isNotNull();
        await().atMost(WAIT).until(() -> listener.messages().size() == 2);
        assertThat(((Welcome) listener.messages().get(1)).self()).isEqualTo("p1");
    }

    @Test
    void survivesServerRestartsOnTheSamePortAndKeepsItsPeerId() throws Exception {
        RecordingListener listener = new RecordingListener();
        welcomed(listener);

        server.restart();
        await().atMost(WAIT).until(() -> listener.count(CONNECTED) == 2);
        server.restart();
        await().atMost(WAIT).until(() -> listener.count(CONNECTED) == 3);

        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED, RECONNECTING, CONNECTED, RECONNECTING,
                CONNECTED);
        await().atMost(WAIT).until(() -> server.connections().size() == 3
                && !server.connection(2).messages().isEmpty());
        assertThat(server.connection(1).messages()).containsExactly(join().resuming("p1", "k1-p1"));
        assertThat(server.connection(2).messages()).as("the key of the latest welcome")
                .containsExactly(join().resuming("p1", "k2-p1"));
    }

    @ParameterizedTest(name = "a queue of {0}")
    @ValueSource(ints = {1, 2})
    void theQueueIsBoundedWhileDisconnectedAndNothingIsSentAfterClose(int bound) {
        server.refuseHandshakes(503);
        SignalingTransport transport = transport(FAST.toBuilder().maxQueuedMessages(bound).build());
        RecordingListener listener = new RecordingListener();
        transport.start(listener);

        assertThat(transport.send(join())).isTrue();
        for (int i = 1; i < bound; i++) {
            assertThat(transport.send(new Leave("lobby"))).isTrue();
        }
        assertThat(transport.send(new Leave("lobby"))).as("one more message overflows the queue").isFalse();
        assertThat(transport.state()).isEqualTo(CONNECTING);

        transport.close();
        assertThat(transport.send(new Leave("lobby"))).isFalse();
        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.states()).as("never connected, never reconnecting").containsExactly(CONNECTING, CLOSED);
        assertThat(listener.changes().get(1).cause()).isNull();
    }

    @Test
    void dropsWhatTheCodecRejectsWithoutClosingTheConnection() {
        RecordingListener listener = new RecordingListener();
        welcomed(listener);

        FakeServer.Connection connection = server.connection(0);
        connection.sendUndecodable();
        PeerJoined valid = new PeerJoined("lobby", new PeerInfo("bob", "Bob"));
        connection.send(valid);

        await().atMost(WAIT).until(() -> listener.messages().size() == 2);
        assertThat(listener.messages().get(1)).isEqualTo(valid);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED);
        assertThat(connection.isOpen()).isTrue();
        assertThat(server.connections()).hasSize(1);
    }

    @Test
    void deliversMessagesOneAtATimeInArrivalOrderEvenWhenTheListenerThrows() {
        SignalingTransport transport = transport(FAST);
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
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
        await().atMost(WAIT).until(() -> server.connections().size() == 1
                && server.connection(0).messages().size() == 1);
        FakeServer.Connection connection = server.connection(0);
        List<String> expected = IntStream.range(0, 200).mapToObj(i -> "peer-" + i).toList();
        expected.forEach(id -> connection.send(new PeerJoined("lobby", new PeerInfo(id, null))));

        await().atMost(WAIT).until(() -> seen.size() == expected.size());
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(maxInside.get()).as("listener calls never overlap").isEqualTo(1);
    }

    @Test
    void closeSendsWhatWasSentBeforeItSaysGoodbyeIsIdempotentAndLeavesNoThreads() {
        RecordingListener listener = new RecordingListener();
        SignalingTransport transport = welcomed(listener);

        Bye bye = new Bye("lobby", null, "p9", "call-2", ByeReason.HANGUP);
        assertThat(transport.send(bye)).isTrue();
        assertThat(transport.send(new Leave("lobby"))).isTrue();
        transport.close();
        transport.close();
        assertThat(transport.state()).isEqualTo(CLOSED);
        assertThat(transport.send(new Leave("lobby"))).isFalse();

        FakeServer.Connection connection = server.connection(0);
        await().atMost(WAIT).until(connection::saidGoodbye);
        assertThat(connection.messages()).containsExactly(join(), bye, new Leave("lobby"));
        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.count(CLOSED)).isEqualTo(1);
        assertThat(listener.lastChange().cause()).isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(transportThreadNames()).isEmpty());
        assertThatThrownBy(() -> transport.start(new RecordingListener())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manyTransportsOpenedAndClosedLeaveNoThreadsBehind() {
        for (int i = 0; i < 20; i++) {
            RecordingListener listener = new RecordingListener();
            welcomed(listener).close();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(transportThreadNames()).isEmpty());
    }

    @Test
    void closingWhileDisconnectedEndsItsThreadsToo() throws Exception {
        RecordingListener listener = new RecordingListener();
        SignalingTransport transport = welcomed(listener);
        server.stop();
        await().atMost(WAIT).until(() -> transport.state() == RECONNECTING);

        transport.close();
        await().atMost(WAIT).until(() -> listener.lastState() == CLOSED);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED, RECONNECTING, CLOSED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(transportThreadNames()).isEmpty());
    }

    @Test
    void keepsRetryingWhileTheServerIsUnavailable() {
        server.refuseHandshakes(503);
        SignalingTransport transport = transport(FAST);
        RecordingListener listener = new RecordingListener();
        transport.start(listener);
        transport.send(join());
        await().atMost(WAIT).until(() -> listener.messages().isEmpty() && server.connections().isEmpty()
                && transport.state() == CONNECTING && server.handshakeCount() >= 3);

        server.acceptHandshakes();
        await().atMost(WAIT).until(() -> transport.state() == CONNECTED);
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED);
    }
}
