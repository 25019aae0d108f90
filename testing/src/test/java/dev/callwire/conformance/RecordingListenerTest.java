package dev.callwire.conformance;

import static dev.callwire.ConnectionState.CLOSED;
import static dev.callwire.ConnectionState.CONNECTED;
import static dev.callwire.ConnectionState.CONNECTING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.Leave;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RecordingListenerTest {

    private final RecordingListener listener = new RecordingListener();

    @Test
    void recordsMessagesStatesCausesAndThreadsInOrder() {
        IOException why = new IOException("refused");
        listener.onStateChanged(CONNECTING, null);
        listener.onMessage(new PeerJoined("lobby", new PeerInfo("p2", "bob")));
        listener.onMessage(new Leave("lobby"));
        listener.onStateChanged(CONNECTED, why);

        assertThat(listener.messages()).hasSize(2);
        assertThat(listener.messages(PeerJoined.class)).extracting(p -> p.peer().id()).containsExactly("p2");
        assertThat(listener.messages(PeerJoined.class, p -> p.peer().id().equals("p3"))).isEmpty();
        assertThat(listener.states()).containsExactly(CONNECTING, CONNECTED);
        assertThat(listener.lastState()).isEqualTo(CONNECTED);
        assertThat(listener.lastChange().cause()).isSameAs(why);
        assertThat(listener.count(CONNECTING)).isEqualTo(1);
        assertThat(listener.threads()).hasSize(4).containsOnly(Thread.currentThread().getName());
        assertThat(listener.overlapped()).isFalse();
        assertThat(listener.calledAfterClosed()).isFalse();
    }

    @Test
    void noticesACallAfterClosed() {
        assertThat(listener.lastState()).isNull();
        assertThat(listener.lastChange()).isNull();

        listener.onStateChanged(CLOSED, null);
        listener.onMessage(new Leave("lobby"));

        assertThat(listener.calledAfterClosed()).isTrue();
    }
}
