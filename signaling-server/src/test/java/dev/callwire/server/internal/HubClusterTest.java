package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import dev.callwire.server.internal.HubFixture.Fake;
import dev.callwire.server.internal.cluster.Cluster;
import dev.callwire.server.internal.cluster.ClusterInbound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hub's side of the cluster seam, with a scripted cluster: remote members count, are listed and reached. */
class HubClusterTest {

    private static final String ROOM = HubFixture.ROOM;

    private final FakeCluster cluster = new FakeCluster();
    private final Hub hub = hub(2, cluster);

    private static Hub hub(int capacity, Cluster cluster) {
        Hub hub = new Hub(HubFixture.settings(capacity, "a-resume-secret-shared-by-all"));
        hub.useCluster(cluster);
        hub.startCluster();
        return hub;
    }

    /** Remote members and deliveries the test sets up, and what the hub told the cluster. */
    private static final class FakeCluster implements Cluster {
        final Map<String, PeerInfo> remote = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        ClusterInbound inbound;

        @Override
        public void start(ClusterInbound inbound) {
            this.inbound = inbound;
        }

        @Override
        public List<PeerInfo> remotePeers(String room) {
            return room.equals(ROOM) ? List.copyOf(remote.values()) : List.of();
        }

        @Override
        public int remoteCount(String room) {
            return remotePeers(room).size();
        }

        @Override
        public Route route(String room, String peerId) {
            if (!room.equals(ROOM) || !remote.containsKey(peerId)) {
                return null;
            }
            return envelope -> calls.add("deliver " + peerId + " " + envelope);
        }

        @Override
        public void joined(String room, String peerId, String name) {
            calls.add("joined " + room + " " + peerId);
        }

        @Override
        public void left(String room, String peerId) {
            calls.add("left " + room + " " + peerId);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void remoteMembersAreInTheWelcomeCountTowardsCapacityAndLearnOfTheJoiner() {
        cluster.remote.put("bob", new PeerInfo("bob", "Bob"));
        Fake alice = new Fake(hub);
        Welcome welcome = (Welcome) alice.answer(new Join(ROOM, "Alice", null));
        assertThat(welcome.peers()).containsExactly(new PeerInfo("bob", "Bob"));
        assertThat(cluster.calls).containsExactly("joined lobby " + welcome.self());

        Fake third = new Fake(hub);
        Message refused = third.answer(new Join(ROOM, null, null));
        assertThat(refused).isInstanceOfSatisfying(ErrorMessage.class,
                e -> assertThat(e.code()).isEqualTo(ProtocolError.ROOM_FULL));
        assertThat(cluster.calls).hasSize(1);
    }

    @Test
    void aMessageToARemotePeerIsStampedAndRoutedAndOneToNobodyIsRefused() {
        cluster.remote.put("bob", new PeerInfo("bob", null));
        Fake alice = new Fake(hub);
        String aliceId = ((Welcome) alice.answer(new Join(ROOM, null, null))).self();
        cluster.calls.clear();

        hub.onText(alice, ProtocolCodec.encode(new Offer(ROOM, "forged", "bob", "c1", "v=0")));
        assertThat(cluster.calls).hasSize(1);
        String delivered = cluster.calls.get(0);
        assertThat(delivered).startsWith("deliver bob ");
        assertThat(ProtocolCodec.decode(delivered.substring("deliver bob ".length())))
                .isEqualTo(new Offer(ROOM, aliceId, "bob", "c1", "v=0"));

        Message refused = alice.answer(new Offer(ROOM, null, "nobody", "c2", "v=0"));
        assertThat(refused).isInstanceOfSatisfying(ErrorMessage.class,
                e -> assertThat(e.code()).isEqualTo(ProtocolError.UNKNOWN_PEER));
        Message otherRoom = alice.answer(new Offer("elsewhere", null, "bob", "c3", "v=0"));
        assertThat(otherRoom).isInstanceOfSatisfying(ErrorMessage.class,
                e -> assertThat(e.code()).isEqualTo(ProtocolError.UNKNOWN_PEER));
        assertThat(cluster.calls).hasSize(1);
    }

    @Test
    void whatOtherInstancesDoReachesLocalMembers() {
        Fake alice = new Fake(hub);
        String aliceId = ((Welcome) alice.answer(new Join(ROOM, null, null))).self();
        Fake carol = new Fake(hub);
        String carolId = ((Welcome) carol.answer(new Join(ROOM, null, null))).self();
        alice.received.clear();
        carol.received.clear();

        String joined = ProtocolCodec.encode(new PeerJoined(ROOM, new PeerInfo("bob", null)));
        synchronized (cluster.inbound.lock()) {
            cluster.inbound.broadcast(ROOM, joined);
            assertThat(cluster.inbound.deliver(ROOM, aliceId, ProtocolCodec.encode(
                    new Offer(ROOM, "bob", aliceId, "c1", "v=0")))).isTrue();
            assertThat(cluster.inbound.deliver("elsewhere", aliceId, joined)).as("room isolation").isFalse();
        }
        assertThat(alice.received).containsExactly(new PeerJoined(ROOM, new PeerInfo("bob", null)),
                new Offer(ROOM, "bob", aliceId, "c1", "v=0"));
        assertThat(carol.received).containsExactly(new PeerJoined(ROOM, new PeerInfo("bob", null)));

        // alice resumed on another instance: her connection here goes without a peer-left for carol.
        synchronized (cluster.inbound.lock()) {
            cluster.inbound.detach(ROOM, aliceId);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> alice.transportClosed);
        assertThat(carol.received).hasSize(1);
        assertThat(cluster.calls).doesNotContain("left lobby " + aliceId);

        carol.close();
        assertThat(cluster.calls).contains("left lobby " + carolId);
    }

    @Test
    void aResumedIdHeldOnAnotherInstanceMovesHereWithoutPeerJoined() {
        Fake bob = new Fake(hub);
        bob.answer(new Join(ROOM, null, null));
        Fake first = new Fake(hub);
        Welcome original = (Welcome) first.answer(new Join(ROOM, "Alice", null));
        first.close();
        bob.received.clear();
        // Meanwhile alice had moved to another instance and holds her id there.
        cluster.remote.put(original.self(), new PeerInfo(original.self(), "Alice"));

        Fake back = new Fake(hub);
        Welcome resumed = (Welcome) back.answer(new Join(ROOM, "Alice", null, original.self(), original.resumeKey()));
        assertThat(resumed.self()).isEqualTo(original.self());
        assertThat(resumed.peers()).extracting(PeerInfo::id).doesNotContain(original.self());
        assertThat(bob.received).as("alice never went away for bob").isEmpty();
        assertThat(cluster.calls).last().isEqualTo("joined lobby " + original.self());
        assertThat(bob.received).doesNotContain(new PeerLeft(ROOM, original.self()));
    }
}
