package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.IceServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a room re-joins for fresh TURN REST credentials: from the usernames' expiry, over a test clock. */
class TurnRefreshTest {

    private static final IceServer STUN = new IceServer(List.of("stun:127.0.0.1:3478"), null, null);
    private static final long NOW = 1_800_000_000_000L; // ms

    private final ScheduledExecutorService engine = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        engine.shutdownNow();
    }

    private static IceServer rest(long expirySeconds, String peer) {
        return new IceServer(List.of("turn:127.0.0.1:3478?transport=udp"), expirySeconds + ":" + peer, "c2VjcmV0");
    }

    @Test
    void refreshesWhenThreeQuartersOfTheRemainingLifetimeHavePassed() {
        long oneHourLater = NOW / 1000 + 3_600;

        assertThat(TurnRefresh.refreshDelay(List.of(STUN, rest(oneHourLater, "p-1")), NOW)).isEqualTo(2_700_000);
    }

    @Test
    void theEarliestExpiryAmongSeveralRestServersCounts() {
        long soon = NOW / 1000 + 40;

        assertThat(TurnRefresh.earliestExpiry(List.of(rest(soon + 100, "p-1"), rest(soon, "p-1"))))
                .hasValue(soon);
        assertThat(TurnRefresh.refreshDelay(List.of(rest(soon + 100, "p-1"), rest(soon, "p-1")), NOW))
                .isEqualTo(30_000);
    }

    @Test
    void staticCredentialsAndNoCredentialsNeverRefresh() {
        IceServer staticUser = new IceServer(List.of("turn:127.0.0.1:3478"), "alice", "secret");
        IceServer colonButNotATimestamp = new IceServer(List.of("turn:127.0.0.1:3478"), "team:alice", "secret");

        assertThat(TurnRefresh.refreshDelay(List.of(STUN, staticUser, colonButNotATimestamp), NOW)).isEqualTo(-1);
        assertThat(TurnRefresh.refreshDelay(List.of(), NOW)).isEqualTo(-1);
    }

    @Test
    void credentialsExpiredOnArrivalAreNotChasedAndAVeryShortTtlIsFloored() {
        assertThat(TurnRefresh.refreshDelay(List.of(rest(NOW / 1000 - 5, "p-1")), NOW))
                .as("our clock is ahead of the server's: re-joining in a loop would not help").isEqualTo(-1);
        assertThat(TurnRefresh.refreshDelay(List.of(rest(NOW / 1000 + 1, "p-1")), NOW))
                .isEqualTo(TurnRefresh.MIN_DELAY_MILLIS);
    }

    @Test
    void theTimerReJoinsAndOnlyTheWelcomeAnsweringItIsTheRefreshs() {
        AtomicLong clock = new AtomicLong(NOW);
        AtomicInteger rejoins = new AtomicInteger();
        TurnRefresh refresh = new TurnRefresh("lobby", engine, clock::get, () -> {
            rejoins.incrementAndGet();
            return true;
        });
        engine.execute(() -> refresh.welcomed(List.of(rest(NOW / 1000 + 2, "p-1")))); // refresh in 1.5 s

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> rejoins.get() == 1);
        assertThat(runOnEngine(() -> {
            boolean first = refresh.takeAnswer();
            return first && !refresh.takeAnswer();
        })).as("the first welcome after the re-join is its answer, once").isTrue();

        engine.execute(() -> refresh.welcomed(List.of(rest(NOW / 1000 + 2, "p-1"))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> rejoins.get() == 2);
        assertThat(runOnEngine(() -> {
            refresh.signalingLost(); // the transport reconnected before the server answered
            return refresh.takeAnswer();
        })).as("a reconnect's welcome is not the refresh's").isFalse();
        engine.execute(refresh::close);
    }

    private boolean runOnEngine(java.util.concurrent.Callable<Boolean> task) {
        try {
            return engine.submit(task).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
