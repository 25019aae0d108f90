package dev.callwire.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Moving between endpoints with scripted inner transports: order of re-join, ids, timeouts, stale callbacks. */
class FailoverTransportTest {

    private static final URI A = URI.create("ws://a:1/ws");
    private static final URI B = URI.create("ws://b:1/ws");
    private static final TransportOptions OPTIONS = options(Duration.ofSeconds(10));

    private final List<Inner> made = new CopyOnWriteArrayList<>();
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private SignalingTransport transport;

    /** An inner transport the test drives. */
    private static final class Inner implements SignalingTransport {
        final URI uri;
        final List<Message> sent = new CopyOnWriteArrayList<>();
        volatile Listener listener;
        volatile boolean closed;

        Inner(URI uri) {
            this.uri = uri;
        }

        @Override
        public void start(Listener listener) {
            this.listener = listener;
        }

        @Override
        public boolean send(Message message) {
            sent.add(message);
            return true;
        }

        @Override
        public ConnectionState state() {
            return ConnectionState.CONNECTING;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static TransportOptions options(Duration connectTimeout) {
        return TransportOptions.builder()
                .connectTimeout(connectTimeout)
                .reconnectDelays(Duration.ofMillis(10), Duration.ofMillis(50))
                .build();
    }

    private void start() {
        start(OPTIONS);
    }

    private void start(TransportOptions options) {
        transport = FailoverTransport.over(List.of(A, B), uri -> {
            Inner inner = new Inner(uri);
            made.add(inner);
            return inner;
        }, options);
        transport.start(new SignalingTransport.Listener() {
            @Override
            public void onMessage(Message message) {
                received.add(message);
            }

            @Override
            public void onStateChanged(ConnectionState state, Throwable cause) {
                states.add(state);
            }
        });
    }

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    /**
     * The i-th inner transport once started. The loop thread adds it to {@code made} before starting it and sending
     * it the re-join, so its presence in the list alone does not mean either has happened yet.
     */
    private Inner inner(int i) {
        await().atMost(Duration.ofSeconds(5)).until(() -> made.size() > i && made.get(i).listener != null);
        return made.get(i);
    }

    /** What {@code inner} was sent, once it was sent anything: the re-join goes out just after the start. */
    private static List<Message> sentOnceAny(Inner inner) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !inner.sent.isEmpty());
        return inner.sent;
    }

    @Test
    void aLostServerIsLeftForTheNextEndpointWhichGetsTheJoinWithTheResumeKeyFirst() {
        start();
        Inner first = inner(0);
        assertThat(first.uri).isEqualTo(A);
        transport.send(new Join("lobby", "Ann", null));
        first.listener.onStateChanged(ConnectionState.CONNECTED, null);
        first.listener.onMessage(new Welcome("lobby", "p-1", List.of(), List.of(), "key-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1 && states.contains(ConnectionState.CONNECTED));

        first.listener.onStateChanged(ConnectionState.RECONNECTING, new java.io.IOException("gone"));
        Inner second = inner(1);
        assertThat(first.closed).isTrue();
        assertThat(second.uri).isEqualTo(B);
        assertThat(sentOnceAny(second)).first().isEqualTo(new Join("lobby", "Ann", null, "p-1", "key-1"));
        transport.send(new Offer("lobby", null, "p-2", "c", "v=0"));
        assertThat(second.sent).hasSize(2);

        second.listener.onStateChanged(ConnectionState.CONNECTED, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> states.equals(List.of(ConnectionState.CONNECTING,
                ConnectionState.CONNECTED, ConnectionState.RECONNECTING, ConnectionState.CONNECTED)));

        // ...and back to the first when the second goes too.
        second.listener.onMessage(new Welcome("lobby", "p-1", List.of(), List.of(), "key-2"));
        second.listener.onStateChanged(ConnectionState.RECONNECTING, null);
        Inner third = inner(2);
        assertThat(third.uri).isEqualTo(A);
        assertThat(sentOnceAny(third)).first().isEqualTo(new Join("lobby", "Ann", null, "p-1", "key-2"));
    }

    @Test
    void anEndpointThatDoesNotConnectInTimeIsSkippedAndReplacedTransportsAreIgnored() {
        start(options(Duration.ofSeconds(1)));
        Inner first = inner(0);
        Inner second = inner(1); // first never connected within its second
        second.listener.onStateChanged(ConnectionState.CONNECTED, null);
        assertThat(first.closed).isTrue();
        assertThat(second.uri).isEqualTo(B);

        first.listener.onStateChanged(ConnectionState.CONNECTED, null);
        first.listener.onMessage(new Welcome("lobby", "ghost", List.of(), List.of(), "k"));
        // Checked once a message of the current transport came through, not at once: the listener is called on
        // the loop thread, in order, so the replaced transport's welcome, had it been passed on, came first.
        Welcome current = new Welcome("lobby", "p-2", List.of(), List.of(), "k2");
        second.listener.onMessage(current);
        await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty() && states.contains(ConnectionState.CONNECTED));
        assertThat(received).as("nothing from a replaced transport").containsExactly(current);
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    @Test
    void closingClosesTheCurrentTransportOnceAndRefusesMessages() {
        start();
        Inner first = inner(0);
        transport.close();
        transport.close();
        assertThat(first.closed).isTrue();
        assertThat(transport.send(new Join("lobby", null, null))).isFalse();
        assertThat(transport.state()).isEqualTo(ConnectionState.CLOSED);
        await().atMost(Duration.ofSeconds(5)).until(() -> states.contains(ConnectionState.CLOSED));
        assertThat(made).hasSize(1);
    }

    @Test
    void oneEndpointIsTheTransportItself() {
        Inner only = new Inner(A);
        assertThat(FailoverTransport.over(List.of(A), uri -> only, OPTIONS)).isSameAs(only);
    }
}
