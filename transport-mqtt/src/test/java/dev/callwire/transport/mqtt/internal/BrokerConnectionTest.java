package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.TransportOptions;
import dev.callwire.spi.support.Backoff;
import dev.callwire.transport.mqtt.MqttTransportConfig;
import java.io.EOFException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Paho connection against a fake Paho client on a fake clock: reconnection with the shared jittered
 * backoff, what counts as fatal, and the order of events. No broker, no network.
 */
class BrokerConnectionTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(1600);
    private static final long SEED = 11;
    private static final List<String> ROOM_TOPICS = List.of("webrtc/lobby/presence/+", "webrtc/lobby/peers/alice/+");

    private final Topics topics = new Topics("webrtc", "lobby", "alice");
    private final MqttTransportConfig config = MqttTransportConfig.builder("127.0.0.1").build();
    private final TransportOptions options = TransportOptions.builder().reconnectDelays(MIN, MAX).build();
    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> events = new ArrayList<>();
    private FakePahoClient paho;
    private BrokerConnection connection;

    @BeforeEach
    void setUp() throws Exception {
        paho = new FakePahoClient();
        paho.holdConnects = true;
        connection = connection(new Backoff(MIN, MAX, new Random(SEED)));
    }

    private BrokerConnection connection(Backoff backoff) {
        return new BrokerConnection(config, options, "client-1", topics, (uri, id) -> paho, Runnable::run, clock,
                backoff, new Recorder(), "room=lobby peer=alice");
    }

    private final class Recorder implements BrokerConnection.Events {
        @Override
        public void connected() {
            events.add("connected");
        }

        @Override
        public void subscribed() {
            events.add("subscribed");
        }

        @Override
        public void lost(Throwable cause) {
            events.add("lost");
        }

        @Override
        public void refused(Throwable cause) {
            events.add("refused " + ((MqttException) cause).getReasonCode());
        }

        @Override
        public void arrived(String topic, byte[] payload) {
            events.add("arrived " + topic + " " + new String(payload));
        }

        @Override
        public void acknowledged() {
            events.add("acknowledged");
        }
    }

    private IMqttActionListener lastAttempt() {
        return paho.connectListeners.get(paho.connectListeners.size() - 1);
    }

    private void failLastConnect(int reason) {
        lastAttempt().onFailure(null, new MqttException(reason));
    }

    /** Opens, connects and subscribes. */
    private void up() {
        connection.open();
        lastAttempt().onSuccess(null);
    }

    @Test
    void failedAttemptsAreRetriedAfterTheSharedJitteredBackoff() {
        connection.open();
        for (int i = 0; i < 6; i++) {
            failLastConnect(MqttException.REASON_CODE_SERVER_CONNECT_ERROR);
            clock.advance(MAX);
        }

        Backoff sameSeed = new Backoff(MIN, MAX, new Random(SEED));
        List<Duration> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            expected.add(sameSeed.next());
        }
        assertThat(clock.requested).as("one jittered delay per failure").containsExactlyElementsOf(expected);
        assertThat(clock.requested).allSatisfy(d -> assertThat(d).isBetween(MIN, MAX));
        assertThat(clock.requested.subList(1, 6)).as("jittered, not the plain doubling")
                .isNotEqualTo(List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                        MAX, MAX));
        assertThat(paho.connectListeners).as("the first attempt and six retries").hasSize(7);
        assertThat(events).isEmpty();
    }

    @Test
    void aWelcomeResetsTheBackoffSoTheNextLossRetriesAfterTheMinimum() {
        connection.open();
        for (int i = 0; i < 4; i++) {
            failLastConnect(MqttException.REASON_CODE_SERVER_CONNECT_ERROR);
            clock.advance(MAX);
        }
        lastAttempt().onSuccess(null);
        connection.welcomed();
        clock.requested.clear();

        paho.callback.connectionLost(new EOFException("broker restarted"));

        assertThat(clock.requested).containsExactly(MIN);
        assertThat(events).containsExactly("connected", "subscribed", "lost");
    }

    @Test
    void connectingSubscribesToPresenceAndOwnInboxWithOurLastWill() {
        up();

        assertThat(paho.subscriptions).containsExactly(ROOM_TOPICS);
        assertThat(paho.connectOptions.get(0).getWillDestination()).isEqualTo("webrtc/lobby/presence/alice");
        assertThat(events).containsExactly("connected", "subscribed");
        assertThat(connection.isConnected()).isTrue();
    }

    @Test
    void refusedCredentialsOrSubscriptionsGiveUpInsteadOfRetrying() {
        connection.open();
        failLastConnect(MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(events).containsExactly("refused " + MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(clock.requested).as("no retry").isEmpty();

        events.clear();
        paho.grantedQos = new int[] {0x80, 1}; // the broker's ACLs refuse the presence subscription
        connection = connection(new Backoff(options));
        up();
        assertThat(events).containsExactly("connected", "refused " + MqttException.REASON_CODE_SUBSCRIBE_FAILED);
        assertThat(clock.requested).isEmpty();
    }

    @Test
    void aLateOutcomeOfAnEarlierAttemptIsIgnored() {
        connection.open();
        IMqttActionListener first = lastAttempt();
        failLastConnect(MqttException.REASON_CODE_CONNECTION_LOST);
        clock.advance(MAX); // the second attempt starts

        first.onSuccess(null); // Paho reports the first attempt again, late

        assertThat(events).isEmpty();
        assertThat(connection.isConnected()).isFalse();
        lastAttempt().onSuccess(null);
        assertThat(events).containsExactly("connected", "subscribed");
    }

    @Test
    void afterLeavingTheSubscriptionsGoAndALostConnectionIsNotRetried() {
        up();

        connection.leave();
        paho.callback.connectionLost(new EOFException("gone"));
        clock.advance(MAX);

        assertThat(paho.unsubscriptions).containsExactly(ROOM_TOPICS);
        assertThat(events).containsExactly("connected", "subscribed");
        assertThat(paho.connectListeners).hasSize(1);
    }

    @Test
    void publishTellsTheOutboxWhetherToKeepTheMessage() {
        up();
        Outbox.Entry entry = new Outbox.Entry("webrtc/lobby/peers/bob/alice", "offer".getBytes(), "offer to bob");
        paho.failNextPublishes(MqttException.REASON_CODE_MAX_INFLIGHT, MqttException.REASON_CODE_CLIENT_NOT_CONNECTED,
                MqttException.REASON_CODE_CLIENT_EXCEPTION);

        assertThat(connection.publish(entry)).isEqualTo(Outbox.Result.FULL);
        assertThat(connection.publish(entry)).isEqualTo(Outbox.Result.GONE);
        assertThat(connection.publish(entry)).isEqualTo(Outbox.Result.FAILED);
        assertThat(connection.publish(entry)).isEqualTo(Outbox.Result.SENT);
        assertThat(paho.published).containsExactly(
                new FakePahoClient.Published("webrtc/lobby/peers/bob/alice", "offer", 1, false));
    }

    @Test
    void inboundMessagesAndAcknowledgementsAreHandedToTheLoop() throws Exception {
        up();
        MqttMessage message = new MqttMessage("hello".getBytes());

        paho.callback.messageArrived("webrtc/lobby/peers/alice/bob", message);
        message.setPayload("changed later".getBytes()); // Paho may reuse it: the payload was copied
        paho.callback.deliveryComplete(null);

        assertThat(events).containsExactly("connected", "subscribed", "arrived webrtc/lobby/peers/alice/bob hello",
                "acknowledged");
    }

    @Test
    void closingGracefullyLetsWhatWasPublishedGoOutThenClosesTheClient() {
        up();

        connection.close(true);
        connection.close(true);

        assertThat(paho.disconnects).as("one DISCONNECT after a quiesce").containsExactly("1000/1000/true");
        assertThat(paho.closed).isTrue();
        assertThat(connection.isConnected()).isFalse();
        paho.callback.connectionLost(new EOFException("after close"));
        assertThat(events).containsExactly("connected", "subscribed");
    }
}
