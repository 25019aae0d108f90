package dev.callwire.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callwire.ConnectionState;
import dev.callwire.TransportOptions;
import dev.callwire.conformance.RecordingListener;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.Welcome;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.testing.MosquittoBroker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transport alone against a real Mosquitto broker, as the SPI contract describes it. */
class MqttTransportIT {

    private static final String ROOM = "spi-room";

    @RegisterExtension
    final MosquittoBroker broker = new MosquittoBroker();

    private final List<SignalingTransport> transports = new ArrayList<>();

    @AfterEach
    void closeAll() {
        transports.forEach(SignalingTransport::close);
    }

    private SignalingTransport transport(URI uri, TransportOptions options) {
        SignalingTransport transport = new MqttTransportProvider().create(uri, options);
        transports.add(transport);
        return transport;
    }

    private static TransportOptions fastReconnect(int maxQueued) {
        return TransportOptions.builder().reconnectDelays(Duration.ofMillis(100), Duration.ofMillis(400))
                .maxQueuedMessages(maxQueued).build();
    }

    private static Offer offer(String to, String call) {
        return new Offer(ROOM, null, to, call, "v=0 fake sdp");
    }

    @Test
    void joinWelcomesThenReportsPeersJoiningAndLeavingAndRelaysDirectedMessages() {
        SignalingTransport a = transport(broker.uri("/spi?peerId=alpha&settleMillis=200"), fastReconnect(8));
        RecordingListener aSees = new RecordingListener();
        a.start(aSees);
        assertThatThrownBy(() -> a.start(new RecordingListener())).isInstanceOf(IllegalStateException.class);
        assertThat(a.send(new Join(ROOM, "Alpha", null))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> aSees.messages(Welcome.class).size() == 1);
        assertThat(aSees.messages(Welcome.class).get(0)).isEqualTo(new Welcome(ROOM, "alpha", List.of(), List.of()));
        assertThat(a.state()).isEqualTo(ConnectionState.CONNECTED);

        SignalingTransport b = transport(broker.uri("/spi?peerId=beta&settleMillis=200"), fastReconnect(8));
        RecordingListener bSees = new RecordingListener();
        b.start(bSees);
        b.send(new Join(ROOM, "Beta", null));
        await().atMost(Duration.ofSeconds(10)).until(() -> bSees.messages(Welcome.class).size() == 1);
        assertThat(bSees.messages(Welcome.class).get(0).peers()).containsExactly(new PeerInfo("alpha", "Alpha"));
        await().atMost(Duration.ofSeconds(5)).until(() -> aSees.messages(PeerJoined.class).size() == 1);
        assertThat(aSees.messages(PeerJoined.class).get(0).peer()).isEqualTo(new PeerInfo("beta", "Beta"));

        assertThat(b.send(offer("alpha", "call-1"))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> aSees.messages(Offer.class).size() == 1);
        assertThat(aSees.messages(Offer.class).get(0)).isEqualTo(new Offer(ROOM, "beta", "alpha", "call-1", "v=0 fake sdp"));

        assertThat(b.send(new Offer("other-room", null, "alpha", "call-2", "sdp"))).as("another room's topics").isFalse();
        assertThat(b.send(new Welcome(ROOM, "beta", List.of(), List.of()))).as("a server-only type").isFalse();

        b.send(new Leave(ROOM));
        b.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> aSees.messages(PeerLeft.class).size() == 1);
        assertThat(aSees.messages(PeerLeft.class).get(0)).isEqualTo(new PeerLeft(ROOM, "beta"));
        await().atMost(Duration.ofSeconds(5)).until(() -> bSees.states().contains(ConnectionState.CLOSED));
        assertThat(bSees.states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                ConnectionState.CLOSED);
        assertThat(b.send(offer("alpha", "call-3"))).as("closed").isFalse();
        assertThat(aSees.overlapped() || bSees.overlapped()).as("listener calls overlapped").isFalse();
    }

    @Test
    void queuesWhileDisconnectedBoundedAndFlushesAfterReconnectWithAFreshWelcome() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            SignalingTransport a = transport(URI.create("mqtt://127.0.0.1:" + proxy.port() + "?peerId=alpha&settleMillis=200"),
                    fastReconnect(2));
            SignalingTransport b = transport(broker.uri("?peerId=beta&settleMillis=200"), fastReconnect(2));
            RecordingListener aSees = new RecordingListener();
            RecordingListener bSees = new RecordingListener();
            a.start(aSees);
            a.send(new Join(ROOM, "Alpha", null));
            await().atMost(Duration.ofSeconds(10)).until(() -> aSees.messages(Welcome.class).size() == 1);
            b.start(bSees);
            b.send(new Join(ROOM, "Beta", null));
            await().atMost(Duration.ofSeconds(10)).until(() -> bSees.messages(Welcome.class).size() == 1);

            proxy.interrupt();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == ConnectionState.RECONNECTING);
            assertThat(a.send(offer("beta", "queued-1"))).isTrue();
            assertThat(a.send(offer("beta", "queued-2"))).isTrue();
            assertThat(a.send(offer("beta", "refused"))).as("the queue holds maxQueuedMessages").isFalse();
            await("alpha's last will reaches beta").atMost(Duration.ofSeconds(5))
                    .until(() -> bSees.messages(PeerLeft.class).size() == 1);

            proxy.restore();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == ConnectionState.CONNECTED);
            assertThat(aSees.states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                    ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
            assertThat(aSees.messages(Welcome.class)).hasSize(2);
            assertThat(aSees.messages(Welcome.class).get(1).peers()).containsExactly(new PeerInfo("beta", "Beta"));
            await().atMost(Duration.ofSeconds(5)).until(() -> bSees.messages(Offer.class).size() == 2);
            assertThat(bSees.messages(Offer.class)).extracting(Offer::callId).containsExactly("queued-1", "queued-2");
            assertThat(bSees.messages(Offer.class)).allMatch(o -> "alpha".equals(o.from()));
            await("alpha is back").atMost(Duration.ofSeconds(5))
                    .until(() -> bSees.messages(PeerJoined.class).size() == 1);
            assertThat(aSees.overlapped() || bSees.overlapped()).as("listener calls overlapped").isFalse();
        }
    }

    @Test
    void aPeerClearedOnlyBrieflyIsNotReportedAsLeft() throws Exception {
        SignalingTransport a = transport(broker.uri("?peerId=alpha&settleMillis=200"), fastReconnect(8));
        RecordingListener aSees = new RecordingListener();
        a.start(aSees);
        a.send(new Join(ROOM, null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> aSees.messages(Welcome.class).size() == 1);
        try (RawMqtt raw = new RawMqtt(broker.serverUri(), "raw")) {
            String topic = "webrtc/" + ROOM + "/presence/gamma";
            String presence = "{\"v\":1,\"type\":\"peer-joined\",\"room\":\"" + ROOM + "\",\"peer\":{\"id\":\"gamma\"}}";
            raw.publish(topic, presence, true);
            await().atMost(Duration.ofSeconds(5)).until(() -> aSees.messages(PeerJoined.class).size() == 1);
            raw.publish(topic, new byte[0], true);
            raw.publish(topic, presence, true); // back at once, e.g. a reconnect racing its own last will
            raw.publish(topic, new byte[0], true);
            await().atMost(Duration.ofSeconds(5)).until(() -> aSees.messages(PeerLeft.class).size() == 1);
            assertThat(aSees.messages(PeerJoined.class)).as("no second peer-joined for a peer never reported gone").hasSize(1);
        }
    }
}
