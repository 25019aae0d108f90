package dev.callwire.transport.websocket;

import static dev.callwire.ConnectionState.CONNECTED;
import static dev.callwire.ConnectionState.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallClient;
import dev.callwire.JoinOptions;
import dev.callwire.Room;
import dev.callwire.protocol.ProtocolError;
import dev.callwire.protocol.ProtocolException;
import dev.callwire.server.JoinTokens;
import dev.callwire.server.SignalingServer;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.SamePortServer;
import dev.callwire.testing.ServerClients;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A room whose join tokens expire outlives its first token: after a reconnect, the transport's automatic re-join
 * carries an expired token, the server refuses it, and a room with a token source re-joins with a fresh one under
 * its old id. With a fixed token the same reconnect ends in {@code unauthorized}, which is what the source is for.
 */
class ExpiringJoinTokenIT {

    private static final String JOIN_SECRET = "expiring-token-it-join-secret";
    private static final String ROOM = "expiring";
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(5);

    private final SamePortServer<SignalingServer> server =
            RealSignalingServer.create(builder -> builder.joinSecret(JOIN_SECRET));
    private final ServerClients clients = new ServerClients();

    @AfterEach
    void tearDown() throws Exception {
        clients.close();
        server.close();
    }

    @Test
    void aTokenSourceKeepsTheRoomThroughAReconnectAfterExpiry() throws Exception {
        AtomicInteger minted = new AtomicInteger();
        AtomicReference<Instant> firstExpiry = new AtomicReference<>();
        JoinOptions options = JoinOptions.builder().tokenSource(() -> {
            Instant expiry = Instant.now().plus(TOKEN_LIFETIME);
            firstExpiry.compareAndSet(null, expiry);
            minted.incrementAndGet();
            return JoinTokens.mint(JOIN_SECRET, ROOM, expiry);
        }).build();
        CallRecorder events = CallRecorder.passive();
        Reconnected reconnected = reconnectAfterExpiry(() -> options, events, firstExpiry);
        Room room = reconnected.room();

        await().atMost(Duration.ofSeconds(15)).until(() -> room.connectionState() == CONNECTED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(room.selfId()).as("the room keeps its peer id").isEqualTo(reconnected.selfBefore());
            assertThat(minted).as("a fresh token was taken for the re-join").hasValueGreaterThanOrEqualTo(2);
        });
        assertThat(events.errors).as("no error reached the application").isEmpty();
    }

    @Test
    void aFixedTokenThatExpiredIsRefusedOnTheReJoin() throws Exception {
        AtomicReference<Instant> expiry = new AtomicReference<>();
        CallRecorder events = CallRecorder.passive();
        reconnectAfterExpiry(() -> {
            expiry.set(Instant.now().plus(TOKEN_LIFETIME));
            return JoinOptions.withToken(JoinTokens.mint(JOIN_SECRET, ROOM, expiry.get()));
        }, events, expiry);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(events.errors)
                .anySatisfy(error -> assertThat(error).isInstanceOfSatisfying(ProtocolException.class,
                        refused -> assertThat(refused.error()).isEqualTo(ProtocolError.UNAUTHORIZED))));
    }

    private record Reconnected(Room room, String selfBefore) {
    }

    /** Joins (the options made just before), waits until the first token has expired, then restarts the server so the client reconnects. */
    private Reconnected reconnectAfterExpiry(Supplier<JoinOptions> options, CallRecorder events,
            AtomicReference<Instant> expiry) throws Exception {
        server.start();
        CallClient client = clients.client("alice", server.running().webSocketUri());
        Room room = client.join(ROOM, options.get(), events).toCompletableFuture().get(15, TimeUnit.SECONDS);
        String selfBefore = room.selfId();
        // Waiting on the clock is the point here: the token must be past its expiry (to the second) before the
        // transport re-joins with it.
        await().atMost(TOKEN_LIFETIME.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(expiry.get().plusSeconds(1)));
        server.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> room.connectionState() == RECONNECTING);
        server.start();
        return new Reconnected(room, selfBefore);
    }
}
