package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.Welcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the hub's unit tests share ({@link HubTest}, {@link HubClusterTest}): settings and a recording connection. */
final class HubFixture {

    static final String ROOM = "lobby";

    private HubFixture() {
    }

    /** Limits out of the way (1,000 msg/s), no TURN, no join secret. */
    static HubSettings settings(int capacity, String resumeSecret) {
        return new HubSettings(null, capacity, 1_000, 1_000, null, List.of(), Duration.ofHours(1), List.of(),
                Clock.systemUTC(), resumeSecret);
    }

    /** A connection that writes synchronously into a list and reports its close to the hub as transports do. */
    static class Fake extends Connection {
        final List<Message> received = new ArrayList<>();
        final Hub hub;
        boolean transportClosed;

        Fake(Hub hub) {
            super(Runnable::run, 1_000, 1_000);
            this.hub = hub;
            hub.register(this);
        }

        @Override
        protected String transportName() {
            return "fake";
        }

        @Override
        protected synchronized void write(String json) {
            received.add(ProtocolCodec.decode(json));
        }

        @Override
        protected void closeTransport() {
            transportClosed = true;
            hub.onClose(this);
        }

        void send(Message message) {
            hub.onText(this, ProtocolCodec.encode(message));
        }

        /** Sends {@code message} and returns the one answer it must get at once. */
        Message answer(Message message) {
            int before = received.size();
            send(message);
            assertThat(received.size()).as("answers to %s", message).isEqualTo(before + 1);
            return received.get(before);
        }

        Welcome join(Join join) {
            Message answer = answer(join);
            assertThat(answer).isInstanceOf(Welcome.class);
            return (Welcome) answer;
        }

        /** Everything received, after the presence changes the hub coalesces (it flushes every 50 ms) went out. */
        synchronized List<Message> drain() {
            hub.flushPresence();
            List<Message> copy = List.copyOf(received);
            received.clear();
            return copy;
        }
    }
}
