package dev.callwire.server.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.PeerInfo;
import dev.callwire.server.internal.cluster.ClusterEvent.Joined;
import dev.callwire.server.internal.cluster.ClusterEvent.Left;
import dev.callwire.server.internal.cluster.Directory.Change;
import dev.callwire.server.internal.cluster.Directory.Effect;
import dev.callwire.server.internal.cluster.Directory.Member;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One instance's view of the cluster's rooms, without Redis: what local members must hear, and resyncs. */
class DirectoryTest {

    private final Directory directory = new Directory("me");

    @Test
    void aRemoteJoinIsAnnouncedOnceAndListedInClusterJoinOrder() {
        assertThat(directory.apply(new Joined("b", 7, "lobby", "bob", "Bob"))).isEqualTo(Effect.ANNOUNCE_JOINED);
        assertThat(directory.apply(new Joined("c", 3, "lobby", "carol", null))).isEqualTo(Effect.ANNOUNCE_JOINED);
        assertThat(directory.apply(new Joined("b", 7, "lobby", "bob", "Bob")))
                .as("a re-registration repeats joins").isEqualTo(Effect.NONE);

        assertThat(directory.remotePeers("lobby")).containsExactly(new PeerInfo("carol", null), new PeerInfo("bob", "Bob"));
        assertThat(directory.remoteCount("lobby")).isEqualTo(2);
        assertThat(directory.instanceOf("lobby", "bob")).isEqualTo("b");
        assertThat(directory.instanceOf("other", "bob")).as("rooms stay apart").isNull();
    }

    @Test
    void ownEventsAreIgnored() {
        directory.localJoined("lobby", "alice", "Alice");
        assertThat(directory.apply(new Joined("me", 1, "lobby", "alice", "Alice"))).isEqualTo(Effect.NONE);
        assertThat(directory.apply(new Left("me", "lobby", "alice"))).isEqualTo(Effect.NONE);
        assertThat(directory.remoteCount("lobby")).isZero();
        assertThat(directory.holdsLocally("lobby", "alice")).isTrue();
    }

    @Test
    void aLeaveIsAnnouncedOnlyByTheInstanceThatHoldsThePeer() {
        directory.apply(new Joined("b", 1, "lobby", "bob", null));
        directory.apply(new Joined("c", 1, "lobby", "bob", null)); // bob resumed on c

        assertThat(directory.apply(new Left("b", "lobby", "bob"))).as("late leave from the old holder").isEqualTo(Effect.NONE);
        assertThat(directory.instanceOf("lobby", "bob")).isEqualTo("c");
        assertThat(directory.apply(new Left("c", "lobby", "bob"))).isEqualTo(Effect.ANNOUNCE_LEFT);
        assertThat(directory.apply(new Left("c", "lobby", "bob"))).isEqualTo(Effect.NONE);
        assertThat(directory.remotePeers("lobby")).isEmpty();
    }

    @Test
    void aPeerResumedElsewhereDetachesTheLocalConnectionWithoutAnnouncements() {
        directory.localJoined("lobby", "alice", "Alice");
        assertThat(directory.apply(new Joined("b", 4, "lobby", "alice", "Alice"))).isEqualTo(Effect.DETACH_LOCAL);
        assertThat(directory.holdsLocally("lobby", "alice")).isFalse();
        assertThat(directory.instanceOf("lobby", "alice")).isEqualTo("b");

        directory.localJoined("lobby", "alice", "Alice"); // and back here
        assertThat(directory.instanceOf("lobby", "alice")).isNull();
        assertThat(directory.holdsLocally("lobby", "alice")).isTrue();
    }

    @Test
    void membersOfADeadInstanceLeaveThroughTheLeavesItsReaperPublishes() {
        directory.apply(new Joined("dead", 1, "r1", "x", null));
        directory.apply(new Joined("dead", 2, "r2", "y", null));
        directory.apply(new Joined("alive", 3, "r1", "z", null));

        assertThat(directory.apply(new Left("dead", "r1", "x"))).isEqualTo(Effect.ANNOUNCE_LEFT);
        assertThat(directory.apply(new Left("dead", "r2", "y"))).isEqualTo(Effect.ANNOUNCE_LEFT);
        assertThat(directory.remotePeers("r1")).extracting(PeerInfo::id).containsExactly("z");
        assertThat(directory.remoteCount("r2")).isZero();
    }

    @Test
    void aResyncAnnouncesWhatWasMissedAndKeepsWhatHappenedWhileItRead() {
        directory.localJoined("lobby", "alice", null);
        directory.apply(new Joined("b", 1, "lobby", "ghost", null)); // its leave is lost in an outage
        directory.apply(new Joined("b", 2, "lobby", "bob", "Bob"));
        directory.beginResync();
        // While the snapshot is read: one join the snapshot already has, one it does not.
        directory.apply(new Joined("c", 5, "lobby", "early", null));
        directory.apply(new Joined("c", 9, "lobby", "late", null));
        directory.apply(new Left("b", "lobby", "bob"));

        Map<String, Map<String, Member>> snapshot = Map.of("lobby", Map.of(
                "alice", new Member("me", 0, null),          // our own entry: skipped
                "bob", new Member("b", 2, "Bob"),             // left after the snapshot was read
                "early", new Member("c", 5, null),
                "missed", new Member("c", 4, "Missed")));     // joined while events were lost

        assertThat(directory.completeResync(snapshot)).containsExactlyInAnyOrder(
                new Change("lobby", "ghost", null, false),
                new Change("lobby", "missed", "Missed", true));
        assertThat(directory.remotePeers("lobby")).extracting(PeerInfo::id).containsExactly("missed", "early", "late");
        assertThat(directory.resyncing()).isFalse();
        assertThat(directory.holdsLocally("lobby", "alice")).isTrue();
    }

    @Test
    void localsAreACopy() {
        directory.localJoined("lobby", "alice", "Alice");
        Map<String, Map<String, String>> locals = directory.locals();
        assertThat(directory.localLeft("lobby", "alice")).isTrue();
        assertThat(directory.localLeft("lobby", "alice")).isFalse();
        assertThat(locals).containsEntry("lobby", Map.of("alice", "Alice"));
        assertThat(directory.locals()).isEmpty();
    }
}
