package dev.callwire.transport.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.callwire.spi.TransportOptions;
import dev.callwire.spi.support.Backoff;
import dev.callwire.transport.mqtt.MqttTransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Paho connection against a mocked Paho client on a fake clock: reconnection with the shared jittered
 * backoff, what counts as fatal, and the order of events. No broker, no network.
 */
class BrokerConnectionTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(1600);
    private static final long SEED = 11;

    private final Topics topics = new Topics("webrtc", "lobby", "alice");
    private final MqttTransportConfig config = MqttTransportConfig.builder("127.0.0.1").build();
    private final TransportOptions options = TransportOptions.builder().reconnectDelays(MIN, MAX).build();
    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> events = new ArrayList<>();
    private final MqttAsyncClient paho = mock(MqttAsyncClient.class);
    private final List<IMqttActionListener> connectListeners = new ArrayList<>();
    private final List<IMqttActionListener> subscribeListeners = new ArrayList<>();
    private MqttCallback callback;
    private BrokerConnection connection;

    @BeforeEach
    void setUp() throws Exception {
        doAnswer(call -> {
            callback = call.getArgument(0);
            return null;
        }).when(paho).setCallback(any());
        when(paho.connect(any(MqttConnectOptions.class), any(), any())).thenAnswer(call -> {
            connectListeners.add(call.getArgument(2));
            return null;
        });
        when(paho.subscribe(any(String[].class), any(int[].class), any(), any())).thenAnswer(call -> {
            subscribeListeners.add(call.getArgument(3));
            return null;
        });
        when(paho.getPendingDeliveryTokens()).thenReturn(new IMqttDeliveryToken[0]);
        connection = new BrokerConnection(config, options, "client-1", topics, (uri, id) -> paho, Runnable::run,
                clock, new Backoff(MIN, MAX, new Random(SEED)), new Recorder(), "room=lobby peer=alice");
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

    private void failLastConnect(int reason) {
        connectListeners.get(connectListeners.size() - 1).onFailure(null, new MqttException(reason));
    }

    private void succeedLastConnect() {
        connectListeners.get(connectListeners.size() - 1).onSuccess(null);
    }

    private void grantLastSubscribe(int... qos) {
        IMqttToken token = mock(IMqttToken.class);
        when(token.getGrantedQos()).thenReturn(qos);
        subscribeListeners.get(subscribeListeners.size() - 1).onSuccess(token);
    }

    /** Opens, connects and subscribes. */
    private void up() {
        connection.open();
        succeedLastConnect();
        grantLastSubscribe(1, 1);
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
        assertThat(connectListeners).as("the first attempt and six retries").hasSize(7);
        assertThat(events).isEmpty();
    }

    @Test
    void aWelcomeResetsTheBackoffSoTheNextLossRetriesAfterTheMinimum() {
        connection.open();
        for (int i = 0; i < 4; i++) {
            failLastConnect(MqttException.REASON_CODE_SERVER_CONNECT_ERROR);
            clock.advance(MAX);
        }
        succeedLastConnect();
        grantLastSubscribe(1, 1);
        connection.welcomed();
        clock.requested.clear();

        callback.connectionLost(new java.io.EOFException("broker restarted"));

        assertThat(clock.requested).containsExactly(MIN);
        assertThat(events).containsExactly("connected", "subscribed", "lost");
    }

    @Test
    void connectingSubscribesToPresenceAndOwnInboxWithOurLastWill() throws Exception {
        up();

        verify(paho).subscribe(eq(new String[] {"webrtc/lobby/presence/+", "webrtc/lobby/peers/alice"}),
                eq(new int[] {1, 1}), any(), any());
        verify(paho).connect(org.mockito.ArgumentMatchers.<MqttConnectOptions>argThat(
                o -> "webrtc/lobby/presence/alice".equals(o.getWillDestination())), any(), any());
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
        connectListeners.clear();
        connection = new BrokerConnection(config, options, "client-2", topics, (uri, id) -> paho, Runnable::run,
                clock, new Backoff(options), new Recorder(), "test");
        connection.open();
        succeedLastConnect();
        grantLastSubscribe(0x80, 1); // the broker's ACLs refuse the presence subscription
        assertThat(events).containsExactly("connected", "refused " + MqttException.REASON_CODE_SUBSCRIBE_FAILED);
        assertThat(clock.requested).isEmpty();
    }

    @Test
    void aLateOutcomeOfAnEarlierAttemptIsIgnored() {
        connection.open();
        IMqttActionListener first = connectListeners.get(0);
        failLastConnect(MqttException.REASON_CODE_CONNECTION_LOST);
        clock.advance(MAX); // the second attempt starts

        first.onSuccess(null); // Paho reports the first attempt again, late

        assertThat(events).isEmpty();
        assertThat(connection.isConnected()).isFalse();
        succeedLastConnect();
        assertThat(events).containsExactly("connected");
    }

    @Test
    void afterLeavingTheSubscriptionsGoAndALostConnectionIsNotRetried() throws Exception {
        up();

        connection.leave();
        callback.connectionLost(new java.io.EOFException("gone"));
        clock.advance(MAX);

        verify(paho).unsubscribe(new String[] {"webrtc/lobby/presence/+", "webrtc/lobby/peers/alice"});
        assertThat(events).containsExactly("connected", "subscribed");
        assertThat(connectListeners).hasSize(1);
    }

    @Test
    void publishTellsTheOutboxWhetherToKeepTheMessage() throws Exception {
        up();
        Outbox.Entry entry = new Outbox.Entry("webrtc/lobby/peers/bob", new byte[] {1}, "offer to bob");
        when(paho.publish(anyString(), any(byte[].class), anyInt(), anyBoolean()))
                .thenReturn(null)
                .thenThrow(new MqttException(MqttException.REASON_CODE_MAX_INFLIGHT))
                .thenThrow(new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED))
                .thenThrow(new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION));

        assertThat(connection.publish(entry)).isEqualTo(Outbox.Result.SENT);
        assertThat(connection.publish(entry)).isEqualTo(Outbox.Result.FULL);
        assertThat(connection.publish(entry)).isEqualTo(Outbox.Result.GONE);
        assertThat(connection.publish(entry)).isEqualTo(Outbox.Result.FAILED);
        verify(paho, org.mockito.Mockito.times(4)).publish("webrtc/lobby/peers/bob", new byte[] {1}, 1, false);
    }

    @Test
    void inboundMessagesAndAcknowledgementsAreHandedToTheLoop() throws Exception {
        up();
        MqttMessage message = new MqttMessage("hello".getBytes());

        callback.messageArrived("webrtc/lobby/peers/alice", message);
        message.setPayload("changed later".getBytes()); // Paho may reuse it: the payload was copied
        callback.deliveryComplete(null);

        assertThat(events).containsExactly("connected", "subscribed", "arrived webrtc/lobby/peers/alice hello",
                "acknowledged");
    }

    @Test
    void closingGracefullyLetsWhatWasPublishedGoOutThenClosesTheClient() throws Exception {
        up();

        connection.close(true);
        connection.close(true);

        verify(paho).disconnectForcibly(1000, 1000, true);
        verify(paho).close(true);
        assertThat(connection.isConnected()).isFalse();
        callback.connectionLost(new java.io.EOFException("after close"));
        assertThat(events).containsExactly("connected", "subscribed");
        verify(paho, never()).disconnectForcibly(0, 0, false);
    }
}
