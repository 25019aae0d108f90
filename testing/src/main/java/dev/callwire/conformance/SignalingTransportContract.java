package dev.callwire.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callwire.ConnectionState;
import dev.callwire.protocol.Bye;
import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.ByeReason;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.TransportOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link SignalingTransport} contract as executable tests. A transport's test class extends this,
 * says how to reach a real server or broker for it, and how to take that server away and bring it back:
 *
 * <pre>{@code
 * class MyTransportConformanceIT extends SignalingTransportContract {
 *     static MyServer server = MyServer.start();
 *     protected SignalingTransportProvider provider() { return new MyTransportProvider(); }
 *     protected URI serverUri() { return server.uri(); }
 *     protected void stopServer() { server.stop(); }
 *     protected void startServer() { server = MyServer.startOnSamePort(server); }
 * }
 * }</pre>
 *
 * What it checks: discovery metadata and refusal of foreign URIs; start once; welcome and membership;
 * directed messages arrive in order with {@code from} stamped; listener calls never overlap; a server's
 * refusal arrives as an {@code error} message and keeps the connection; the reconnection states and re-join
 * (keeping the peer id where the server supports {@code resume}); messages sent while disconnected
 * are queued and delivered, or refused with {@code false} once the queue is full; {@code close()} is
 * idempotent, also while disconnected, reports {@code CLOSED} once and last, sends what was sent before it,
 * and refuses later sends.
 *
 * <p>Every test waits at most {@link #PATIENCE} for anything to happen. A run against a local server takes a
 * few seconds; the server must be restartable on the same address within the test's lifetime.
 */
public abstract class SignalingTransportContract {

    /** Generous enough for a loaded two-core CI machine. */
    protected static final Duration PATIENCE = Duration.ofSeconds(20);

    private final List<SignalingTransport> opened = new ArrayList<>();
    private final String room = "conformance-" + UUID.randomUUID().toString().substring(0, 8);

    /** The provider under test. */
    protected abstract SignalingTransportProvider provider();

    /** Where a running server or broker for this transport listens. */
    protected abstract URI serverUri();

    /** Takes the server away so that every connection drops and reconnection attempts fail. */
    protected abstract void stopServer() throws Exception;

    /** Brings the server back at the same {@link #serverUri()}. */
    protected abstract void startServer() throws Exception;

    /** Whether the server gives a reconnecting client its old peer id back (our server and MQTT do). */
    protected boolean keepsPeerIdAcrossReconnects() {
        return true;
    }

    /**
     * Whether the server answers a message it cannot deliver with {@code error} (our signaling server does:
     * {@code unknown-peer}). Over a broker such as MQTT nobody answers, so a message queued while down
     * that reaches the broker before its recipient is back cannot be checked and this returns {@code false}.
     */
    protected boolean answersUndeliverableMessages() {
        return true;
    }

    /** Options for transports under test: quick reconnection, a small queue. */
    protected TransportOptions options() {
        return TransportOptions.builder().connectTimeout(Duration.ofSeconds(5))
                .reconnectDelays(Duration.ofMillis(100), Duration.ofMillis(500)).maxQueuedMessages(16).build();
    }

    @AfterEach
    void closeTransports() {
        opened.forEach(SignalingTransport::close);
    }

    /**
     * A started transport with its listener.
     *
     * @param transport the transport under test
     * @param events    what it reported
     */
    protected record Peer(SignalingTransport transport, RecordingListener events) {
        /** The peer id of the latest {@code welcome}. */
        String self() {
            List<Welcome> welcomes = events.messages(Welcome.class);
            return welcomes.get(welcomes.size() - 1).self();
        }
    }

    /** A new transport for {@link #serverUri()}, started, closed after the test. */
    protected Peer open() {
        SignalingTransport transport = provider().create(serverUri(), options());
        opened.add(transport);
        RecordingListener events = new RecordingListener();
        transport.start(events);
        return new Peer(transport, events);
    }

    /** A new transport that has joined this test's room as {@code name} and was welcomed. */
    protected Peer joined(String name) {
        Peer peer = open();
        assertThat(peer.transport().send(new Join(room, name, null))).isTrue();
        await().atMost(PATIENCE).until(() -> !peer.events().messages(Welcome.class).isEmpty());
        return peer;
    }

    @Test
    void providerDescribesItselfWithoutIo() {
        SignalingTransportProvider provider = provider();

        assertThat(provider.name()).isNotBlank();
        assertThat(provider.schemes()).isNotEmpty().allMatch(s -> s.equals(s.toLowerCase(java.util.Locale.ROOT)));
        assertThat(provider.schemes()).contains(serverUri().getScheme().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void creatingForAForeignSchemeIsRefused() {
        URI foreign = URI.create("callwire-no-such-scheme://127.0.0.1:9/x");

        assertThatThrownBy(() -> provider().create(foreign, options()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectsReportsStatesAndIsWelcomed() {
        Peer alice = joined("alice");

        assertThat(alice.events().states()).startsWith(ConnectionState.CONNECTING).contains(ConnectionState.CONNECTED);
        assertThat(alice.transport().state()).isEqualTo(ConnectionState.CONNECTED);
        Welcome welcome = alice.events().messages(Welcome.class).get(0);
        assertThat(welcome.room()).isEqualTo(room);
        assertThat(welcome.self()).isNotBlank();
        assertThat(welcome.peers()).isEmpty();
    }

    @Test
    void startingTwiceIsRefused() {
        Peer alice = open();

        assertThatThrownBy(() -> alice.transport().start(new RecordingListener()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void peersSeeEachOtherJoinAndLeave() {
        Peer alice = joined("alice");
        Peer bob = joined("bob");

        await().atMost(PATIENCE).until(() -> alice.events().messages(PeerJoined.class).stream()
                .anyMatch(p -> p.peerId().equals(bob.self())));
        assertThat(bob.events().messages(Welcome.class).get(0).peers())
                .anyMatch(p -> p.id().equals(alice.self()) && "alice".equals(p.name()));

        assertThat(bob.transport().send(new Leave(room))).isTrue();
        await().atMost(PATIENCE).until(() -> alice.events().messages(PeerLeft.class).stream()
                .anyMatch(p -> p.peerId().equals(bob.self())));
    }

    @Test
    void directedMessagesArriveInOrderWithTheSenderStamped() {
        Peer alice = joined("alice");
        Peer bob = joined("bob");
        await().atMost(PATIENCE).until(() -> !alice.events().messages(PeerJoined.class).isEmpty());

        int count = 100;
        for (int i = 0; i < count; i++) {
            assertThat(alice.transport().send(new Offer(room, null, bob.self(), "call-" + i, "sdp " + i))).isTrue();
        }

        await().atMost(PATIENCE).until(() -> bob.events().messages(Offer.class).size() == count);
        List<Offer> received = bob.events().messages(Offer.class);
        assertThat(received).extracting(Offer::callId)
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "call-" + i).toList());
        assertThat(received).allMatch(o -> alice.self().equals(o.from()) && o.to().equals(bob.self()));
        assertThat(bob.events().overlapped()).as("listener calls overlapped").isFalse();
    }

    @Test
    void closeIsIdempotentSendsWhatCameBeforeAndRefusesLaterSends() {
        Peer alice = joined("alice");
        Peer bob = joined("bob");
        await().atMost(PATIENCE).until(() -> !alice.events().messages(PeerJoined.class).isEmpty());

        alice.transport().send(new Bye(room, null, bob.self(), "call-last", ByeReason.HANGUP));
        alice.transport().close();
        alice.transport().close();

        await().atMost(PATIENCE).until(() -> bob.events().messages(Bye.class).size() == 1);
        await().atMost(PATIENCE).until(() -> alice.events().lastState() == ConnectionState.CLOSED);
        assertThat(alice.events().states().stream().filter(s -> s == ConnectionState.CLOSED)).hasSize(1);
        assertThat(alice.transport().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(alice.transport().send(new Leave(room))).isFalse();
        await().atMost(PATIENCE).until(() -> bob.events().messages(PeerLeft.class).stream()
                .anyMatch(p -> p.peerId().equals(alice.self())));
        assertThat(alice.events().calledAfterClosed()).as("listener called after CLOSED").isFalse();
    }

    @Test
    void anUndeliverableMessageNeitherBreaksTheConnectionNorGoesUnanswered() {
        Peer alice = joined("alice");

        assertThat(alice.transport().send(new Offer(room, null, "nobody-here", "call-x", "sdp"))).isTrue();

        if (answersUndeliverableMessages()) {
            await().atMost(PATIENCE).until(() -> !alice.events().messages(ErrorMessage.class).isEmpty());
            ErrorMessage error = alice.events().messages(ErrorMessage.class).get(0);
            assertThat(error.code()).isEqualTo(ProtocolError.UNKNOWN_PEER);
            assertThat(error.ref()).isEqualTo("offer");
        }
        // Either way the connection stays up and still carries messages both ways.
        Peer bob = joined("bob");
        assertThat(bob.transport().send(new Offer(room, null, alice.self(), "after-error", "sdp"))).isTrue();
        await().atMost(PATIENCE).until(() -> alice.events().messages(Offer.class).stream()
                .anyMatch(o -> o.callId().equals("after-error")));
        assertThat(alice.transport().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(alice.events().states()).doesNotContain(ConnectionState.RECONNECTING, ConnectionState.CLOSED);
    }

    @Test
    void closingWhileDisconnectedReportsClosedOnceAndRefusesSends() throws Exception {
        Peer alice = joined("alice");
        stopServer();
        try {
            await().atMost(PATIENCE).until(() -> alice.transport().state() == ConnectionState.RECONNECTING);
            Peer never = open(); // started while the server is down: it cannot connect
            assertThat(never.transport().send(new Join(room, "never", null))).isTrue();
            assertThat(never.transport().state()).isNotIn(ConnectionState.CONNECTED, ConnectionState.CLOSED);

            alice.transport().close();
            never.transport().close();
            never.transport().close();

            for (Peer peer : List.of(alice, never)) {
                await().atMost(PATIENCE).until(() -> peer.events().lastState() == ConnectionState.CLOSED);
                assertThat(peer.transport().state()).isEqualTo(ConnectionState.CLOSED);
                assertThat(peer.events().states().stream().filter(s -> s == ConnectionState.CLOSED)).hasSize(1);
                assertThat(peer.transport().send(new Leave(room))).isFalse();
                assertThatThrownBy(() -> peer.transport().start(new RecordingListener()))
                        .isInstanceOf(IllegalStateException.class);
            }
            assertThat(never.events().states()).doesNotContain(ConnectionState.CONNECTED);
        } finally {
            startServer();
        }
        // Once the server is back, neither closed transport comes back to the room or to its listener.
        Peer probe = joined("probe");
        assertThat(probe.events().messages(Welcome.class).get(0).peers())
                .noneMatch(p -> "never".equals(p.name()) || "alice".equals(p.name()));
        assertThat(alice.events().calledAfterClosed()).as("listener called after CLOSED").isFalse();
    }

    @Test
    void reconnectsRejoinsAndDeliversWhatWasQueuedWhileDown() throws Exception {
        Peer alice = joined("alice");
        Peer bob = joined("bob");
        await().atMost(PATIENCE).until(() -> !alice.events().messages(PeerJoined.class).isEmpty());
        String aliceBefore = alice.self();
        String bobBefore = bob.self();

        stopServer();
        await().atMost(PATIENCE).until(() -> alice.transport().state() == ConnectionState.RECONNECTING
                && bob.transport().state() == ConnectionState.RECONNECTING);
        assertThat(alice.transport().send(new Offer(room, null, bobBefore, "queued-1", "sdp"))).isTrue();
        assertThat(alice.transport().send(new Offer(room, null, bobBefore, "queued-2", "sdp"))).isTrue();
        startServer();

        await().atMost(PATIENCE).until(() -> alice.transport().state() == ConnectionState.CONNECTED
                && bob.transport().state() == ConnectionState.CONNECTED);
        // state() may change a moment before the listener hears of it.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(alice.events().states()).containsSubsequence(
                ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.CONNECTED));
        await().atMost(PATIENCE).until(() -> alice.events().messages(Welcome.class).size() >= 2);
        if (keepsPeerIdAcrossReconnects()) {
            assertThat(alice.self()).isEqualTo(aliceBefore);
            await().atMost(PATIENCE).until(() -> bob.events().messages(Welcome.class).size() >= 2);
            assertThat(bob.self()).isEqualTo(bobBefore);
        }
        if (answersUndeliverableMessages()) {
            // Queued messages are flushed as soon as alice is back. If bob is back first they reach him, in
            // order; if not, the server refuses them (unknown-peer). Either way nothing vanished silently.
            await().atMost(PATIENCE).until(() -> queuedOutcomes(alice, bob) == 2);
            List<String> delivered = bob.events().messages(Offer.class).stream().map(Offer::callId)
                    .filter(id -> id.startsWith("queued-")).toList();
            assertThat(delivered).isSubsetOf("queued-1", "queued-2");
            if (delivered.size() == 2) {
                assertThat(delivered).containsExactly("queued-1", "queued-2");
            }
        }
        // And the connection works normally again.
        assertThat(bob.transport().send(new Offer(room, null, alice.self(), "after", "sdp"))).isTrue();
        await().atMost(PATIENCE).until(() -> alice.events().messages(Offer.class).stream()
                .anyMatch(o -> o.callId().equals("after")));
    }

    /** Queued offers that were delivered to bob or refused to alice by the server. */
    private static int queuedOutcomes(Peer alice, Peer bob) {
        long delivered = bob.events().messages(Offer.class).stream().filter(o -> o.callId().startsWith("queued-"))
                .count();
        long refused = alice.events().messages(ErrorMessage.class).stream()
                .filter(e -> e.code() == ProtocolError.UNKNOWN_PEER && "offer".equals(e.ref())).count();
        return (int) (delivered + refused);
    }

    @Test
    void aFullQueueRefusesInsteadOfLosingSilently() throws Exception {
        Peer alice = joined("alice");
        stopServer();
        try {
            await().atMost(PATIENCE).until(() -> alice.transport().state() == ConnectionState.RECONNECTING);
            int accepted = 0;
            for (int i = 0; i < options().maxQueuedMessages() + 10; i++) {
                if (alice.transport().send(new Offer(room, null, "nobody", "q" + i, "sdp"))) {
                    accepted++;
                }
            }
            // The re-join may take a slot; never more than the configured bound is accepted.
            assertThat(accepted).isLessThanOrEqualTo(options().maxQueuedMessages()).isPositive();
        } finally {
            startServer();
        }
    }
}
