package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.ClientConfig;
import dev.callwire.ConnectionState;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import dev.callwire.server.SignalingServer;
import dev.callwire.spi.TransportOptions;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real signaling server on a free local port, and clients (test pattern 320x240@15 and a tone, as in
 * {@link TestClients}) pointed at it, closed together. The server can be stopped and started again on the
 * same port.
 */
/** A real signaling server on 127.0.0.1 and SDK clients on it; shared by the socket.io transport's tests. */
public final class RealServerCalls implements AutoCloseable {

    /** Quick reconnection, so a restart test does not wait for long backoffs. */
    public static final TransportOptions TRANSPORT = TransportOptions.builder()
            .reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1))
            .build();

    private final List<CallClient> clients = new ArrayList<>();
    private SignalingServer server;
    private int port;

    public RealServerCalls start() {
        server = SignalingServer.builder().host("127.0.0.1").port(port).build();
        server.start();
        port = server.port();
        return this;
    }

    /** Stops the server: every client loses its signaling connection. */
    public void stop() {
        server.close();
    }

    public SignalingServer server() {
        return server;
    }

    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public URI socketIoUri() {
        return URI.create("socketio+http://127.0.0.1:" + port);
    }

    public CallClient client(String name, URI signaling) {
        ClientConfig config = ClientConfig.builder(signaling)
                .displayName(name)
                .headlessAudio(true)
                .transportOptions(TRANSPORT)
                .media(MediaOptions.builder()
                        .video(VideoInput.testPattern())
                        .audio(AudioInput.tone(440))
                        .resolution(TestClients.WIDTH, TestClients.HEIGHT)
                        .frameRate(15)
                        .build())
                .build();
        CallClient client = CallClient.create(config);
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(CallClient::close);
        if (server != null) {
            server.close();
        }
    }

    /** Records a room's connection states. */
    public static final class States implements RoomListener {
        public final List<ConnectionState> states = new CopyOnWriteArrayList<>();

        @Override
        public void onConnectionStateChanged(Room room, ConnectionState state) {
            states.add(state);
        }
    }

    /** A call from {@code caller} to {@code callee}, accepted, with both sides decoding moving video. */
    public record Call(CallSession outgoing, CallSession incoming, FrameProbe callerSees, FrameProbe calleeSees) {
    }

    public static Call establish(Room caller, Room callee, CallRecorder calleeEvents) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.peer(callee.selfId()).isPresent());
        FrameProbe callerSees = new FrameProbe();
        FrameProbe calleeSees = new FrameProbe();
        int before = calleeEvents.incoming.size();
        CallSession outgoing = caller.call(callee.selfId());
        outgoing.addRemoteVideoRenderer(callerSees);
        await().atMost(Duration.ofSeconds(10)).until(() -> calleeEvents.incoming.size() == before + 1);
        CallSession incoming = calleeEvents.incoming.get(before);
        assertThat(incoming.id()).isEqualTo(outgoing.id());
        incoming.addRemoteVideoRenderer(calleeSees);
        incoming.accept();
        outgoing.connected().get(20, TimeUnit.SECONDS);
        incoming.connected().get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(callerSees.changedFrames()).as("caller decodes the callee's moving video").isGreaterThan(10);
            assertThat(calleeSees.changedFrames()).as("callee decodes the caller's moving video").isGreaterThan(10);
        });
        assertThat(callerSees.width()).isEqualTo(TestClients.WIDTH);
        assertThat(calleeSees.height()).isEqualTo(TestClients.HEIGHT);
        return new Call(outgoing, incoming, callerSees, calleeSees);
    }
}
