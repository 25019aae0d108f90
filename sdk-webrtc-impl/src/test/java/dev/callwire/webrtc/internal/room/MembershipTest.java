package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.Peer;
import dev.callwire.protocol.PeerInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {

    private final Membership membership = new Membership();

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
}
