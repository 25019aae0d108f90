package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.transport.mqtt.MqttTransportConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole transport through its SPI, with a fake Paho client that answers at once. No broker. */
class MqttTransportTest {

    private static final String ROOM = "lobby";
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    /** Records what the transport delivers. */
    private static final class Recorder implements SignalingTransport.Listener {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final List<ConnectionState> states = new CopyOnWriteArrayList<>();
        volatile Throwable lastCause;

        @Override
        public void onMessage(Message message) {
            messages.add(message);
        }

        @Override
        public void onStateChanged(ConnectionState state, Throwable cause) {
            states.add(state);
            lastCause = cause;
        }
    }

    private final Recorder events = new Recorder();
    private FakePahoClient paho;
    private MqttTransport transport;

    @BeforeEach
    void fakePaho() throws Exception {
        paho = new FakePahoClient();
    }

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    /** Awaitility without its default 100 ms first delay: the fake broker answers within microseconds. */
    private static org.awaitility.core.ConditionFactory waitFor() {
        return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
    }

    private MqttTransport transport(int maxQueued) {
        MqttTransportConfig config = MqttTransportConfig.builder("127.0.0.1").peerId("alice")
                .settleWindow(Duration.ZERO).build();
        TransportOptions options = TransportOptions.builder()
                .reconnectDelays(Duration.ofMillis(10), Duration.ofMillis(20)).maxQueuedMessages(maxQueued).build();
        transport = new MqttTransport(config, options, (uri, id) -> paho);
        return transport;
    }

    private void joined(int maxQueued) {
        transport(maxQueued).start(events);
        assertThat(transport.send(new Join(ROOM, "Alice", null))).isTrue();
        waitFor().until(() -> transport.state() == ConnectionState.CONNECTED);
    }

    private List<FakePahoClient.Published> to(String topic) {
        return paho.publishedTo(topic);
    }

    @Test
    void aJoinConnectsPublishesPresenceWelcomesAndReportsConnected() {
        joined(8);

        assertThat(events.states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(events.messages).containsExactly(new Welcome(ROOM, "alice", List.of(), List.of()));
        assertThat(to("webrtc/lobby/presence/alice")).singleElement().satisfies(p -> {
            assertThat(p.retained()).isTrue();
            assertThat(ProtocolCodec.decode(p.payload()))
                    .isEqualTo(new PeerJoined(ROOM, new PeerInfo("alice", "Alice")));
        });
    }

    @Test
    void directedMessagesAreStampedWithOurIdAndPublishedToTheReceiversInbox() {
        joined(0);

        assertThat(transport.send(new Offer(ROOM, null, "bob", "call-1", "v=0"))).isTrue();

        assertThat(to("webrtc/lobby/peers/bob/alice")).singleElement().satisfies(p -> {
            assertThat(p.retained()).isFalse();
            assertThat(ProtocolCodec.decode(p.payload())).isEqualTo(new Offer(ROOM, "alice", "bob", "call-1", "v=0"));
        });
    }

    @Test
    void presenceArrivingFromTheBrokerReachesTheListenerAsPeerJoined() throws Exception {
        joined(8);
        String bob = ProtocolCodec.encode(new PeerJoined(ROOM, new PeerInfo("bob", "Bob")));

        paho.callback.messageArrived("webrtc/lobby/presence/bob", new MqttMessage(bob.getBytes(StandardCharsets.UTF_8)));

        waitFor().until(() -> events.messages.size() == 2);
        assertThat(events.messages.get(1)).isEqualTo(new PeerJoined(ROOM, new PeerInfo("bob", "Bob")));
    }

    @Test
    void whileReconnectingAtMostMaxQueuedMessagesWaitAndTheyGoOutAfterTheNextWelcome() {
        joined(2);
        paho.connectOutcome = MqttException.REASON_CODE_SERVER_CONNECT_ERROR;

        paho.callback.connectionLost(new java.io.EOFException("broker gone"));
        waitFor().until(() -> transport.state() == ConnectionState.RECONNECTING);
        assertThat(transport.send(new Offer(ROOM, null, "bob", "q1", "v=0"))).isTrue();
        assertThat(transport.send(new Offer(ROOM, null, "bob", "q2", "v=0"))).isTrue();
        assertThat(transport.send(new Offer(ROOM, null, "bob", "refused", "v=0"))).isFalse();
        assertThat(to("webrtc/lobby/peers/bob/alice")).isEmpty();

        paho.connectOutcome = 0;
        waitFor().until(() -> transport.state() == ConnectionState.CONNECTED);
        waitFor().until(() -> to("webrtc/lobby/peers/bob/alice").size() == 2);
        assertThat(to("webrtc/lobby/peers/bob/alice")).extracting(p -> ((Offer) ProtocolCodec.decode(p.payload())).callId())
                .containsExactly("q1", "q2");
        assertThat(events.states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
        assertThat(events.messages).filteredOn(Welcome.class::isInstance).hasSize(2);
    }

    @Test
    void sendRefusesWhatThisTransportCannotCarry() {
        transport(8).start(events);
        assertThat(transport.send(new Offer(ROOM, null, "bob", "c", "v=0"))).as("before joining").isFalse();
        assertThat(transport.send(new Join(ROOM, "Alice", null))).isTrue();
        waitFor().until(() -> transport.state() == ConnectionState.CONNECTED);

        assertThat(transport.send(new Join("other", "Alice", null))).as("another room").isFalse();
        assertThat(transport.send(new Offer("other", null, "bob", "c", "v=0"))).as("another room").isFalse();
        assertThat(transport.send(new Welcome(ROOM, "alice", List.of(), List.of()))).as("server-only").isFalse();
        assertThat(transport.send(new Leave(ROOM))).isTrue();
        assertThat(transport.send(new Join(ROOM, "Alice", null))).as("again after leaving").isFalse();
    }

    @Test
    void closeClearsPresenceSaysGoodbyeReportsClosedOnceAndRefusesSends() throws Exception {
        joined(8);

        transport.close();
        transport.close();

        waitFor().until(() -> transport.state() == ConnectionState.CLOSED);
        waitFor().until(() -> paho.closed);
        assertThat(paho.disconnects).containsExactly("1000/1000/true");
        assertThat(to("webrtc/lobby/presence/alice")).extracting(FakePahoClient.Published::payload).containsExactly(
                ProtocolCodec.encode(new PeerJoined(ROOM, new PeerInfo("alice", "Alice"))), "");
        assertThat(events.states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                ConnectionState.CLOSED);
        assertThat(transport.send(new Offer(ROOM, null, "bob", "late", "v=0"))).isFalse();
    }

    @Test
    void aBrokerThatRefusesTheLoginEndsTheTransportWithTheCause() {
        paho.connectOutcome = MqttException.REASON_CODE_FAILED_AUTHENTICATION;
        transport(8).start(events);

        transport.send(new Join(ROOM, "Alice", null));

        waitFor().until(() -> transport.state() == ConnectionState.CLOSED);
        waitFor().until(() -> events.states.contains(ConnectionState.CLOSED));
        assertThat(events.states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CLOSED);
        assertThat(events.lastCause).isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }

    @Test
    void theDefaultClientIdNamesThePeerButEndsInRandomnessAStrangerCannotDerive() {
        List<String> ids = new CopyOnWriteArrayList<>();
        MqttTransportConfig config = MqttTransportConfig.builder("127.0.0.1").peerId("alice").build();
        for (int i = 0; i < 2; i++) {
            MqttTransport t = new MqttTransport(config, TransportOptions.defaults(), (uri, id) -> {
                ids.add(id);
                return paho;
            });
            ids.add(t.clientId());
            t.close();
        }
        assertThat(ids.get(0)).startsWith("callwire-alice-").hasSize("callwire-alice-".length() + 22)
                .isNotEqualTo(ids.get(1));
        assertThat(ids).doesNotContain("callwire-alice");
        MqttTransport configured = new MqttTransport(config.toBuilder().clientId("chosen").build(),
                TransportOptions.defaults(), (uri, id) -> paho);
        assertThat(configured.clientId()).isEqualTo("chosen");
        configured.close();
    }

    @Test
    void withARoomKeyWhatIsPublishedCarriesAValidMacAndUnsignedInboundIsDroppedAndCounted() throws Exception {
        byte[] secret = "a room key of more than 16 bytes".getBytes(StandardCharsets.UTF_8);
        MqttTransportConfig config = MqttTransportConfig.builder("127.0.0.1").peerId("alice")
                .settleWindow(Duration.ZERO).roomKey(secret).build();
        transport = new MqttTransport(config, TransportOptions.defaults(), (uri, id) -> paho);
        transport.start(events);
        transport.send(new Join(ROOM, "Alice", null));
        waitFor().until(() -> transport.state() == ConnectionState.CONNECTED);
        assertThat(transport.send(new Offer(ROOM, null, "bob", "call-1", "v=0"))).isTrue();

        RoomKey key = new RoomKey(secret);
        waitFor().until(() -> to("webrtc/lobby/peers/bob/alice").size() == 1);
        assertThat(key.verify(to("webrtc/lobby/peers/bob/alice").get(0).payload())).isNull();
        assertThat(key.verify(to("webrtc/lobby/presence/alice").get(0).payload())).isNull();

        String unsigned = ProtocolCodec.encode(new Offer(ROOM, "bob", "alice", "forged", "v=0"));
        paho.callback.messageArrived("webrtc/lobby/peers/alice/bob", new MqttMessage(unsigned.getBytes(StandardCharsets.UTF_8)));
        String signed = key.sign(ProtocolCodec.encode(new Offer(ROOM, "bob", "alice", "real", "v=0")));
        paho.callback.messageArrived("webrtc/lobby/peers/alice/bob", new MqttMessage(signed.getBytes(StandardCharsets.UTF_8)));

        waitFor().until(() -> events.messages.size() == 2);
        assertThat(events.messages.get(1)).isEqualTo(new Offer(ROOM, "bob", "alice", "real", "v=0"));
        assertThat(transport.droppedInbound()).isEqualTo(1);
    }
}
