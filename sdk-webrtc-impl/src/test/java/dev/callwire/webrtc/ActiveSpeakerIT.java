package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.CallStats;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Periodic stats carry audio levels; in a mesh the louder of two tone sources is the active speaker. */
class ActiveSpeakerIT {

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    private static MediaOptions tone(double level) {
        return MediaOptions.builder().video(VideoInput.testPattern()).audio(AudioInput.tone(440, level))
                .resolution(160, 120).frameRate(10).build();
    }

    @Test
    void theLouderPeerIsTheActiveSpeaker() {
        List<Optional<Peer>> speakers = new CopyOnWriteArrayList<>();
        Map<String, Double> levelByPeer = new ConcurrentHashMap<>();
        Map<String, Integer> statsEvents = new ConcurrentHashMap<>();
        RoomListener aliceListener = new RoomListener() {
            @Override
            public void onIncomingCall(Room room, CallSession call) {
                call.accept();
            }

            @Override
            public void onCallStats(Room room, CallSession call, CallStats stats) {
                levelByPeer.put(call.peer().displayName(), stats.audioIn().audioLevel());
                statsEvents.merge(call.peer().displayName(), 1, Integer::sum);
            }

            @Override
            public void onActiveSpeakerChanged(Room room, Optional<Peer> speaker) {
                speakers.add(speaker);
            }
        };
        Room alice = TestClients.join(clients.client("alice", b -> b.media(tone(0.0001))), "speakers", aliceListener);
        Room bob = TestClients.joinAndMeet(clients.client("bob", b -> b.media(tone(0.8))), alice,
                CallRecorder.accepting());
        Room carol = TestClients.joinAndMeet(clients.client("carol", b -> b.media(tone(0.01))), alice,
                CallRecorder.accepting());
        CallSession bobCall = TestClients.call(bob, alice.selfId());
        TestClients.call(carol, alice.selfId());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(statsEvents.getOrDefault("bob", 0)).isGreaterThanOrEqualTo(3);
            assertThat(statsEvents.getOrDefault("carol", 0)).isGreaterThanOrEqualTo(3);
            assertThat(levelByPeer.get("bob")).as("bob's tone at alice").isGreaterThan(0.3);
            assertThat(levelByPeer.get("carol")).as("carol's tone at alice").isLessThan(levelByPeer.get("bob") / 10);
            assertThat(speakers).isNotEmpty();
            assertThat(speakers.get(speakers.size() - 1)).map(Peer::displayName).contains("bob");
        });
        assertThat(speakers).as("carol never counted as speaking")
                .noneMatch(p -> p.map(Peer::displayName).filter("carol"::equals).isPresent());

        bobCall.hangUp();
        await("only quiet carol is left: nobody speaks").atMost(Duration.ofSeconds(20))
                .until(() -> speakers.get(speakers.size() - 1).isEmpty());
        assertThat(speakers).as("never null, an empty Optional means nobody").doesNotContainNull();
    }
}
