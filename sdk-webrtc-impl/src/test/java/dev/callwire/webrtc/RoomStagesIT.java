package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.ConnectionState;
import dev.callwire.Peer;
import dev.callwire.Room;
import dev.callwire.media.VideoInput;
import dev.callwire.protocol.Leave;
import dev.callwire.protocol.Message;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import dev.callwire.spi.SignalingTransports;
import dev.callwire.TransportOptions;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the room and client hand back can neither block the caller nor be completed by one caller for another. */
class RoomStagesIT {

    private final TestClients clients = new TestClients();

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void callingReturnsAtOnceWhileTheEngineThreadIsBusy() throws Exception {
        EngineStall stall = new EngineStall(SignalingTransports.forUri(clients.hub().uri()));
        CallClient alice = clients.client("alice", b -> b.transportPlugin(stall));
        Room aliceRoom = TestClients.join(alice, "busy", CallRecorder.passive());
        Room sideRoom = TestClients.join(alice, "busy-side", CallRecorder.passive());
        Room bobRoom = TestClients.joinAndMeet(clients.client("bob"), aliceRoom, CallRecorder.passive());
        Peer bob = aliceRoom.peer(bobRoom.selfId()).orElseThrow();

        // Leaving makes the engine thread send "leave", which this transport holds: the engine is stuck.
        stall.armed.set(true);
        sideRoom.leave();
        assertThat(stall.engineHeld.await(10, TimeUnit.SECONDS)).as("the engine thread reached the stall").isTrue();
        CompletionStage<CallSession> call;
        CompletionStage<List<CallSession>> everyone;
        CompletionStage<Void> switched;
        try {
            long start = System.nanoTime();
            call = aliceRoom.call(bob);
            everyone = aliceRoom.callEveryone();
            switched = alice.setVideoInput(VideoInput.testPattern());
            assertThat(alice.isScreenSharing()).isFalse();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // Waiting for the engine would take until the release below (the stall holds it up to 30 s): these
            // returned without it. The bound leaves room for class loading and GC on a slow, loaded machine.
            assertThat(millis).as("ms the calls took while the engine was held").isLessThan(10_000);
            assertThat(call.toCompletableFuture()).isNotDone();
            assertThat(switched.toCompletableFuture()).isNotDone();
        } finally {
            stall.release.countDown();
        }

        CallSession started = TestClients.await(call);
        assertThat(started.peer().id()).isEqualTo(bob.id());
        assertThat(TestClients.await(everyone)).as("the live call is returned, not a second one").containsExactly(started);
        assertThat(TestClients.await(switched)).isNull();
        assertThat(aliceRoom.calls()).containsExactly(started);
    }

    @Test
    void everyLeaveGetsItsOwnStageAndNoCallerCanCompleteItForAnother() throws Exception {
        Room room = TestClients.join(clients.client("alice"), "leave-twice", CallRecorder.passive());

        CompletionStage<Void> first = room.leave();
        CompletionStage<Void> second = room.leave();
        assertThat(first).isNotSameAs(second);

        // A caller meddling with its own copy...
        CompletableFuture<Void> firstCopy = first.toCompletableFuture();
        firstCopy.obtrudeException(new IllegalStateException("this caller gave up"));
        second.toCompletableFuture().cancel(true);
        if (first instanceof CompletableFuture<Void> future) {
            assertThatThrownBy(() -> future.complete(null)).isInstanceOf(UnsupportedOperationException.class);
        }

        // ...changes nothing for the room or the other callers: each stage still completes when the room is left.
        assertThat(TestClients.await(first)).isNull();
        assertThat(TestClients.await(second)).isNull();
        assertThat(TestClients.await(room.leave())).as("a later caller").isNull();
        assertThat(firstCopy).isCompletedExceptionally();
        assertThat(room.connectionState()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void cancellingACopyOfTheJoinDoesNotStopTheJoin() {
        CallClient alice = clients.client("alice");

        CompletionStage<Room> joining = alice.join("join-once", null);
        joining.toCompletableFuture().cancel(true);

        Room room = TestClients.await(joining);
        assertThat(room.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(alice.rooms()).containsExactly(room);
    }

    /** The hub's transport, except that sending "leave" while armed holds the sending (engine) thread. */
    private static final class EngineStall implements SignalingTransportProvider {
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch engineHeld = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final SignalingTransportProvider hub;

        EngineStall(SignalingTransportProvider hub) {
            this.hub = hub;
        }

        @Override
        public String name() {
            return "stalling " + hub.name();
        }

        @Override
        public Set<String> schemes() {
            return hub.schemes();
        }

        @Override
        public SignalingTransport create(URI uri, TransportOptions options) {
            SignalingTransport inner = hub.create(uri, options);
            return new SignalingTransport() {
                @Override
                public void start(Listener listener) {
                    inner.start(listener);
                }

                @Override
                public boolean send(Message message) {
                    if (message instanceof Leave && armed.get()) {
                        engineHeld.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return inner.send(message);
                }

                @Override
                public ConnectionState state() {
                    return inner.state();
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }
}
