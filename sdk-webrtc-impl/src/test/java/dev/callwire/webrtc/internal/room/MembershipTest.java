package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.Peer;
import dev.callwire.protocol.PeerInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {

    private final Membership membership = new Membership("lobby", 3);

    @Test
    void theFirstWelcomeListsEveryoneButThisClient() {
        Membership.Change change = membership.welcome("me", List.of(new PeerInfo("a", "Ann"), new PeerInfo("me", "Me"),
                new PeerInfo("b", null)));

        assertThat(membership.view()).containsExactly(new Peer("a", "Ann"), new Peer("b", null));
        assertThat(change.joined()).hasSize(2);
        assertThat(membership.ids()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aReWelcomeIsReconciledAsADiff() {
        membership.welcome("me", List.of(new PeerInfo("a", "Ann"), new PeerInfo("b", "Ben"), new PeerInfo("c", "Cy")));

        Membership.Change change = membership.welcome("me", List.of(new PeerInfo("a", "Ann"),
                new PeerInfo("b", "Benjamin"), new PeerInfo("d", "Dee")));

        assertThat(change.joined()).containsExactly(new Peer("d", "Dee"));
        assertThat(change.left()).containsExactly(new Peer("c", "Cy"));
        assertThat(change.renamed()).containsExactly(new Peer("b", "Benjamin"));
        assertThat(membership.get("b").displayName()).isEqualTo("Benjamin");
        assertThat(membership.view()).extracting(Peer::id).containsExactly("a", "b", "d");
    }

    @Test
    void anUnchangedReWelcomeChangesNothing() {
        List<PeerInfo> same = List.of(new PeerInfo("a", "Ann"));
        membership.welcome("me", same);

        assertThat(membership.welcome("me", same).isEmpty()).isTrue();
    }

    @Test
    void joinsAndLeavesKeepTheViewCurrentAndIgnoreThisClient() {
        assertThat(membership.joined("me", new PeerInfo("me", "Me"))).isNull();
        assertThat(membership.joined("me", new PeerInfo("a", "Ann"))).isEqualTo(new Peer("a", "Ann"));
        List<Peer> before = membership.view();

        assertThat(membership.left("a")).isEqualTo(new Peer("a", "Ann"));
        assertThat(membership.left("a")).isNull();
        assertThat(membership.view()).isEmpty();
        assertThat(before).as("views are snapshots").containsExactly(new Peer("a", "Ann"));
        assertThatThrownBy(() -> membership.view().add(new Peer("x", null)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void peersBeyondTheCapAreNotListedAndALeaveMakesRoom() {
        for (String id : List.of("a", "b", "c")) {
            assertThat(membership.joined("me", new PeerInfo(id, null))).isNotNull();
        }

        assertThat(membership.joined("me", new PeerInfo("d", null))).as("the room is full").isNull();
        assertThat(membership.joined("me", new PeerInfo("b", "Ben"))).as("a known peer may still rename")
                .isEqualTo(new Peer("b", "Ben"));
        assertThat(membership.ids()).containsExactlyInAnyOrder("a", "b", "c");

        membership.left("a");
        assertThat(membership.joined("me", new PeerInfo("d", null))).isNotNull();
        assertThat(membership.view()).extracting(Peer::id).containsExactly("b", "c", "d");
    }

    @Test
    void aWelcomeListsAtMostTheCapInItsOrder() {
        Membership.Change change = membership.welcome("me", List.of(new PeerInfo("a", null), new PeerInfo("me", null),
                new PeerInfo("b", null), new PeerInfo("c", null), new PeerInfo("d", null), new PeerInfo("e", null)));

        assertThat(change.joined()).extracting(Peer::id).containsExactly("a", "b", "c");
        assertThat(membership.size()).isEqualTo(3);
        assertThat(membership.contains("d")).isFalse();
    }

    @Test
    void theViewIsCopiedWhenReadAfterAChangeNotOnEveryChange() {
        Membership big = new Membership("lobby", 10_000);
        for (int i = 0; i < 10_000; i++) {
            big.joined("me", new PeerInfo("p" + i, null));
        }
        List<Peer> first = big.view();

        assertThat(first).hasSize(10_000);
        assertThat(big.view()).as("no change, no copy").isSameAs(first);
        big.left("p0");
        assertThat(big.view()).isNotSameAs(first).hasSize(9_999);
        assertThat(first).as("earlier views are snapshots").hasSize(10_000);
    }
}
