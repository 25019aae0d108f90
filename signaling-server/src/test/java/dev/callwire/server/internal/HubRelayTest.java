package dev.callwire.server.internal;

import static dev.callwire.server.internal.HubFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.protocol.ErrorMessage;
import dev.callwire.protocol.Join;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.ProtocolCodec;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.server.internal.HubFixture.Fake;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The relay's usual case skips the hub's lock; everything it cannot decide alone still goes through it. */
class HubRelayTest {

    private final Hub hub = new Hub(settings(HubSettings.DEFAULT_ROOM_CAPACITY, null));
    private final Fake alice = new Fake(hub);
    private final Fake bob = new Fake(hub);
    private String bobId;

    /** Alice and Bob in room-1, their presence news delivered. */
    private void joinAliceAndBob() {
        alice.join(new Join("room-1", "Alice", null));
        bobId = bob.join(new Join("room-1", "Bob", null)).self();
        alice.drain();
        bob.drain();
    }

    /** A member whose transport blocks on the first presence message it is given, with the hub's lock held. */
    private static final class StuckOnPresence extends Fake {
        final CountDownLatch stuck = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        StuckOnPresence(Hub hub) {
            super(hub);
        }

        @Override
        protected void write(String json) {
            if (ProtocolCodec.decode(json) instanceof PeerJoined && stuck.getCount() > 0) {
                stuck.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.write(json);
        }
    }

    @Test
    void aRelayBetweenTwoMembersDoesNotWaitForTheHubsLock() throws Exception {
        joinAliceAndBob();
        // In another room, a presence flush gets stuck in a member's transport while holding the hub's lock.
        StuckOnPresence dave = new StuckOnPresence(hub);
        dave.join(new Join("room-2", "Dave", null));
        new Fake(hub).join(new Join("room-2", "Carol", null));
        CompletableFuture<Void> flush = CompletableFuture.runAsync(hub::flushPresence);
        assertThat(dave.stuck.await(5, TimeUnit.SECONDS)).as("the flush holds the lock").isTrue();
        try {
            CompletableFuture<Void> relay = CompletableFuture.runAsync(
                    () -> alice.send(new Offer("room-1", null, bobId, "call-1", "v=0")));
            relay.get(5, TimeUnit.SECONDS); // before: blocked until the stuck flush let go of the lock
            assertThat(bob.received).singleElement().isInstanceOf(Offer.class)
                    .extracting(m -> ((Offer) m).from()).isNotNull();
        } finally {
            dave.release.countDown();
            flush.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void whatTheLockFreePathCannotDecideIsStillAnsweredUnderTheLock() {
        joinAliceAndBob();

        assertThat(alice.answer(new Offer("room-1", null, "nobody", "call-1", "v=0")))
                .isInstanceOfSatisfying(ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ProtocolError.UNKNOWN_PEER));
        assertThat(alice.answer(new Offer("room-2", null, bobId, "call-1", "v=0")))
                .as("bob's id, named in a room alice is not in")
                .isInstanceOfSatisfying(ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ProtocolError.UNKNOWN_PEER));
        Fake stranger = new Fake(hub);
        assertThat(stranger.answer(new Offer("room-1", null, bobId, "call-1", "v=0")))
                .isInstanceOfSatisfying(ErrorMessage.class, e -> assertThat(e.code()).isEqualTo(ProtocolError.NOT_JOINED));
        assertThat(bob.drain()).as("none of them reached bob").isEmpty();

        alice.close();
        assertThat(bob.drain()).as("alice's leave").hasSize(1);
        alice.send(new Offer("room-1", null, bobId, "call-1", "v=0"));
        assertThat(bob.drain()).as("a closed connection's late message").isEmpty();
    }
}
