package dev.callwire.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.spi.SignalingTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code networkChanged()}: a connection that may be dead with an old address is replaced at once. */
class ReconnectingTransportNetworkChangeTest {

    /** Connections are numbers; the test opens them by hand and reads what the transport did. */
    private static final class Fake extends ReconnectingTransport<Integer> {
        final AtomicInteger next = new AtomicInteger();
        final List<String> log = new CopyOnWriteArrayList<>();

        Fake() {
            super(LoggerFactory.getLogger(Fake.class), TransportOptions.builder()
                    .reconnectDelays(Duration.ofMillis(50), Duration.ofSeconds(5)).build(), "fake", "fake-loop");
        }

        @Override
        protected Integer newConnection() {
            return next.incrementAndGet();
        }

        @Override
        protected void begin(Integer c) {
            log.add("begin " + c);
        }

        @Override
        protected boolean write(Integer c, String text) {
            log.add("write " + c + (text.contains("\"type\":\"join\"") ? " join" : " other"));
            return true;
        }

        @Override
        protected void closeGracefully(Integer c) {
            terminated(c);
        }

        @Override
        protected void discard(Integer c) {
            log.add("discard " + c);
        }

        @Override
        protected void releaseResources() {
        }

        void open(int c) {
            opened(c);
        }
    }

    @Test
    void anOpenConnectionIsDroppedAndReplacedAndTheJoinIsRepeated() {
        Fake transport = new Fake();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        transport.start(new SignalingTransport.Listener() {
            @Override
            public void onMessage(Message message) {
            }

            @Override
            public void onStateChanged(ConnectionState state, Throwable cause) {
                states.add(state);
            }
        });
        try {
            transport.open(1);
            transport.send(new Join("room", "name", null));

            transport.networkChanged();

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> transport.log.contains("begin 2"));
            assertThat(transport.log).containsSubsequence("begin 1", "write 1 join", "discard 1", "begin 2");
            transport.open(2);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> states.size() >= 4);
            assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                    ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
            assertThat(transport.log).filteredOn(l -> l.startsWith("write 2")).containsExactly("write 2 join");
        } finally {
            transport.close();
        }
    }

    @Test
    void beforeStartOrAfterCloseItDoesNothing() {
        Fake transport = new Fake();
        transport.networkChanged();
        assertThat(transport.log).isEmpty();
        transport.close();
        transport.networkChanged();
        assertThat(transport.log).isEmpty();
    }
}
