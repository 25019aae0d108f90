package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Message;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerInfo;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.PeerLeft;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.Welcome;
import dev.callwire.testing.RedisServer;
import dev.callwire.testing.SignalingServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signaling server instances sharing rooms through a real Debian {@code redis-server}: raw protocol clients on
 * different instances, an instance killed with SIGKILL, and Redis restarted under running instances.
 */
class ClusterIT {

    private static final String SECRET = "cluster-test-resume-secret";
    /**
     * Short, so that the dead-instance test waits seconds, not the default 10 s lease; not shorter, because a
     * JVM starting on a busy two-core machine can miss a tighter one and be reaped while alive.
     */
    private static final long LEASE_MS = 3_000;

    @RegisterExtension
    final RedisServer redis = new RedisServer();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private SignalingServer instance(int roomCapacity) {
        return instance(roomCapacity, LEASE_MS);
    }

    private SignalingServer instance(int roomCapacity, long leaseMs) {
        SignalingServer server = SignalingServer.builder()
                .port(0)
                .roomCapacity(roomCapacity)
                .resumeSecret(SECRET)
                .cluster(redis.uri("/0?lease-ms=" + leaseMs))
                .build();
        closeables.add(server);
        server.start();
        return server;
    }

    private WsTestClient client(SignalingServer server) {
        WsTestClient client = WsTestClient.connect(server);
        closeables.add(client);
        return client;
    }

    @Test
    void peersOnDifferentInstancesMeetAndTalkInOrderWithFromStampedAndRoomsApart() {
        SignalingServer a = instance(3);
        SignalingServer b = instance(3);
        WsTestClient alice = client(a);
        WsTestClient bob = client(b);
        WsTestClient stranger = client(b);
        String aliceId = alice.join(new Join("lobby", "Alice", null)).self();
        String strangerId = stranger.join("elsewhere").self();

        Welcome bobWelcome = bob.join(new Join("lobby", "Bob", null));
        List<PeerInfo> bobMeets = new ArrayList<>(bobWelcome.peers());
        if (bobMeets.isEmpty()) {
            // Alice's join can still be on its way through Redis: docs/cluster.md promises a peer-joined right
            // after the welcome then (seen on a loaded machine, with reads on Jetty's selector thread).
            bobMeets.add(bob.next(PeerJoined.class).peer());
        }
        assertThat(bobMeets).containsExactly(new PeerInfo(aliceId, "Alice"));
        assertThat(alice.next(PeerJoined.class).peer()).isEqualTo(new PeerInfo(bobWelcome.self(), "Bob"));

        // 90: within the per-connection burst of 100, so that no message is refused as rate-limited.
        for (int i = 0; i < 90; i++) {
            alice.send(new Offer("lobby", "forged", bobWelcome.self(), "call-" + i, "v=0"));
        }
        for (int i = 0; i < 90; i++) {
            assertThat(bob.next(Offer.class)).isEqualTo(new Offer("lobby", aliceId, bobWelcome.self(), "call-" + i, "v=0"));
        }
        bob.send(new Offer("lobby", null, aliceId, "back", "v=0"));
        assertThat(alice.next(Offer.class).from()).isEqualTo(bobWelcome.self());

        alice.send(new Offer("lobby", null, strangerId, "x", "v=0"));
        alice.nextError(ProtocolError.UNKNOWN_PEER);
        alice.send(new Offer("elsewhere", null, strangerId, "x", "v=0"));
        alice.nextError(ProtocolError.UNKNOWN_PEER);
        // A leak would go from a through Redis to b after alice's refusals, so an empty inbox now proves nothing.
        // All of a's publishes reach b in order: a join announced from a after the refusals comes after any leak.
        client(a).join("elsewhere");
        assertThat(stranger.next()).as("nothing leaks into another room").isInstanceOf(PeerJoined.class);

        // Capacity counts members on every instance: alice, bob, and one more on a's side fill the room.
        client(a).join("lobby");
        client(b).send(new Join("lobby", null, null));
        WsTestClient fourth = client(b);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            fourth.send(new Join("lobby", null, null));
            Message answer = fourth.next();
            return answer instanceof dev.callwire.protocol.ErrorMessage error && error.code() == ProtocolError.ROOM_FULL;
        });

        bob.close();
        Message left = alice.next();
        while (left instanceof PeerJoined) {
            left = alice.next();
        }
        assertThat(left).isEqualTo(new PeerLeft("lobby", bobWelcome.self()));
    }

    @Test
    void aPeerMovesToAnotherInstanceWithItsResumeKeyAndKeepsItsId() {
        SignalingServer a = instance(10);
        SignalingServer b = instance(10);
        WsTestClient bob = client(b);
        String bobId = bob.join("lobby").self();
        WsTestClient alice = client(a);
        Welcome first = alice.join("lobby");
        bob.next(PeerJoined.class);

        // Alice's instance is unreachable for her (network change): she comes back through b.
        WsTestClient aliceAgain = client(b);
        Welcome resumed = aliceAgain.join(new Join("lobby", null, null, first.self(), first.resumeKey()));
        assertThat(resumed.self()).isEqualTo(first.self());
        assertThat(resumed.peers()).extracting(PeerInfo::id).containsExactly(bobId);
        assertThat(alice.closed()).as("the stale connection on a is closed").succeedsWithin(Duration.ofSeconds(10));

        bob.send(new Offer("lobby", null, first.self(), "c1", "v=0"));
        assertThat(aliceAgain.next(Offer.class).callId()).isEqualTo("c1");

        WsTestClient carol = client(a);
        Welcome carolWelcome = carol.join("lobby");
        assertThat(carolWelcome.peers()).extracting(PeerInfo::id)
                .as("a's view: alice once, now on b").containsExactlyInAnyOrder(bobId, first.self());
        // Not bob's inbox at once: a peer-left from a for alice's closed connection would come through Redis, late.
        // a publishes in order, so carol's join, announced from a after that close, reaches bob after it.
        assertThat(bob.next()).as("no peer-left or peer-joined: alice never went away for bob")
                .isInstanceOfSatisfying(PeerJoined.class, j -> assertThat(j.peer().id()).isEqualTo(carolWelcome.self()));
    }

    @Test
    void thePeersOfAKilledInstanceAreAnnouncedLeftAfterTheLease() throws Exception {
        // The default lease here: a JVM that has just started on a busy machine can miss a shorter one while alive,
        // and is then (rightly) reaped before the kill, which would make the timing below meaningless.
        long lease = 10_000;
        SignalingServer survivor = instance(10, lease);
        SignalingServerProcess doomed = SignalingServerProcess.start(redis.uri("/0?lease-ms=" + lease), SECRET);
        closeables.add(doomed);
        WsTestClient alice = client(survivor);
        String aliceId = alice.join("lobby").self();
        WsTestClient victim = WsTestClient.connect(doomed.webSocketUri());
        closeables.add(victim);
        Welcome victimWelcome = victim.join("lobby");
        assertThat(victimWelcome.peers()).extracting(PeerInfo::id).containsExactly(aliceId);
        assertThat(alice.next(PeerJoined.class).peer().id()).isEqualTo(victimWelcome.self());

        long killed = System.nanoTime();
        doomed.kill();

        java.util.concurrent.atomic.AtomicReference<Message> got = new java.util.concurrent.atomic.AtomicReference<>();
        await("peer-left of the killed instance's peer").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    got.compareAndSet(null, alice.poll());
                    return got.get() != null;
                });
        assertThat(got.get()).isInstanceOf(PeerLeft.class);
        PeerLeft left = (PeerLeft) got.get();
        long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertThat(left).isEqualTo(new PeerLeft("lobby", victimWelcome.self()));
        // The lease was refreshed at most a third of a lease before the kill.
        assertThat(after).as("ms until peer-left").isBetween(lease * 2 / 3 - 100, lease * 4 / 3 + 10_000);
        WsTestClient late = client(survivor);
        assertThat(late.join("lobby").peers()).extracting(PeerInfo::id).as("no ghost").containsExactly(aliceId);
    }

    @Test
    void instancesRecoverFromARedisRestartOnTheirOwn() throws Exception {
        SignalingServer a = instance(10);
        SignalingServer b = instance(10);
        WsTestClient alice = client(a);
        String aliceId = alice.join("lobby").self();
        WsTestClient bob = client(b);
        String bobId = bob.join("lobby").self();
        alice.next(PeerJoined.class);

        redis.stop(); // no persistence: Redis comes back empty, the worst case
        WsTestClient carol = client(a);
        Welcome carolWelcome = carol.join("lobby");
        assertThat(carolWelcome.peers()).extracting(PeerInfo::id)
                .as("a still knows the room while Redis is away").containsExactly(bobId, aliceId);
        alice.next(PeerJoined.class); // carol, a local peer of a
        // Lost, as docs/cluster.md says: a relay to another instance while Redis is away is dropped, not buffered.
        alice.send(new Offer("lobby", null, bobId, "during-outage", "v=0"));
        WsTestClient erin = client(b);
        String erinId = erin.join("lobby").self();
        assertThat(bob.next(PeerJoined.class).peer().id()).as("b's own peer, announced locally").isEqualTo(erinId);
        redis.start();

        // bob learns of carol, who joined while the instances could not talk, once they resynchronise; alice of erin.
        assertThat(bob.next(PeerJoined.class).peer().id()).isEqualTo(carolWelcome.self());
        assertThat(alice.next(PeerJoined.class).peer().id()).isEqualTo(erinId);
        AtomicInteger attempt = new AtomicInteger();
        List<String> relayed = new ArrayList<>();
        await("relay across instances again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    alice.send(new Offer("lobby", null, bobId, "probe-" + attempt.incrementAndGet(), "v=0"));
                    Message got = bob.poll();
                    if (got instanceof Offer offer) {
                        relayed.add(offer.callId());
                    }
                    return got instanceof Offer;
                });
        // Alice's messages arrive in order: whatever was still to come of hers arrives before this last one.
        alice.send(new Offer("lobby", null, bobId, "last", "v=0"));
        for (String callId = ""; !callId.equals("last"); ) {
            callId = bob.next(Offer.class).callId();
            relayed.add(callId);
        }
        assertThat(relayed).as("the offer sent during the outage never arrives late").doesNotContain("during-outage")
                .allMatch(id -> id.startsWith("probe-") || id.equals("last"));
        WsTestClient dave = client(b);
        assertThat(dave.join("lobby").peers()).extracting(PeerInfo::id)
                .as("Redis holds everyone again").containsExactlyInAnyOrder(aliceId, bobId, carolWelcome.self(), erinId);
    }
}
