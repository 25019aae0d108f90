package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.Room;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import dev.callwire.testing.CallRecorderAdapter;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Three peers: one peer connection per pair, all connected and decoding. */
class MeshIT {

    private static final int WIDTH = 160;
    private static final int HEIGHT = 120;

    private final TestClients clients = new TestClients();
    private final Map<String, FrameProbe> probes = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void everyPairConnectsAndDecodes() {
        List<Room> rooms = new ArrayList<>();
        for (String name : List.of("alice", "bob", "carol")) {
            CallClient client = clients.client(name, b -> b.media(MediaOptions.builder()
                    .video(VideoInput.testPattern()).audio(AudioInput.tone(300 + 100 * rooms.size()))
                    .resolution(WIDTH, HEIGHT).frameRate(10).build()));
            Room room = TestClients.join(client, "mesh", new ProbingAcceptor(name));
            rooms.add(room);
            // A newcomer calls everyone already there: the room-wide "call everyone".
            for (CallSession call : TestClients.await(room.callEveryone())) {
                attach(name, call);
            }
        }

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            for (Room room : rooms) {
                assertThat(room.calls()).hasSize(2).allMatch(c -> c.state() == CallState.CONNECTED);
            }
            assertThat(probes).hasSize(6);
            probes.forEach((pair, probe) -> {
                assertThat(probe.changedFrames()).as(pair).isGreaterThan(5);
                assertThat(probe.width()).as(pair).isEqualTo(WIDTH);
                assertThat(probe.height()).as(pair).isEqualTo(HEIGHT);
            });
        });
        // Each pair shares one call id: three calls in all.
        assertThat(rooms.stream().flatMap(r -> r.calls().stream()).map(CallSession::id).distinct()).hasSize(3);
    }

    private void attach(String viewer, CallSession call) {
        FrameProbe probe = new FrameProbe();
        probes.put(viewer + " sees " + call.peer().displayName(), probe);
        call.remoteVideo().addRenderer(probe);
    }

    private final class ProbingAcceptor extends CallRecorderAdapter {
        ProbingAcceptor(String name) {
            super(call -> {
                attach(name, call);
                call.accept();
            });
        }
    }
}
