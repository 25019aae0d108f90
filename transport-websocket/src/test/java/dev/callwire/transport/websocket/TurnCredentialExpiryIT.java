package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.CallState;
import dev.callwire.CallStats;
import dev.callwire.testing.CoturnServer;
import dev.callwire.testing.FrameProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A relay-only call outlives the TURN REST credentials it started with. coturn checks a REST username's expiry only
 * when an allocation is made (existing allocations keep being refreshed), so the credentials matter again when the
 * call needs new allocations: here coturn restarts after the first credentials expired, every allocation is gone,
 * and the call recovers by ICE restart only if its peer connections hold fresh credentials (the room re-joins for
 * them before expiry). coturn's own log proves which usernames the new allocations used.
 */
class TurnCredentialExpiryIT {

    private static final Duration TTL = Duration.ofSeconds(20);
    /** coturn's verbose line for a successful allocation names its user: {@code user <expiry:peer>: ... ALLOCATE}. */
    private static final Pattern ALLOCATED = Pattern.compile(
            "user <(\\d+):([^>]+)>: incoming packet ALLOCATE processed, success");

    private final RestTurnRelayCall relay = new RestTurnRelayCall();

    @AfterEach
    void tearDown() throws Exception {
        relay.close();
    }

    @Test
    void aRelayOnlyCallRecoversThroughARestartedTurnServerAfterItsFirstCredentialsExpired() throws Exception {
        CallSession call = relay.connect("rest-expiry", TTL);
        CoturnServer turn = relay.turn();
        FrameProbe aliceSees = relay.aliceSees();
        // Every credential of the first welcomes expires by then (the server stamps now + TTL, in whole seconds).
        Instant firstExpired = relay.welcomed().plus(TTL).plusSeconds(1);
        assertThat(allocatedUsers(turn)).as("first allocations: %s", turn.log()).isNotEmpty()
                .allSatisfy(expiry -> assertThat(expiry).isLessThanOrEqualTo(firstExpired.getEpochSecond()));

        // The scenario is defined by wall-clock time: the first credentials must be past their expiry.
        await("the first TURN credentials expire").atMost(TTL.plusSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> Instant.now().isAfter(firstExpired));
        assertThat(call.state()).as("the old allocations outlive their credentials").isEqualTo(CallState.CONNECTED);
        long framesBefore = aliceSees.changedFrames();

        turn.restart(); // every allocation is gone: only new ones, with valid credentials, can carry the call

        await("call recovered through new allocations").atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(call.state()).isEqualTo(CallState.CONNECTED);
                    assertThat(aliceSees.changedFrames()).isGreaterThan(framesBefore + 15);
                });
        assertThat(call.state()).isNotEqualTo(CallState.ENDED);
        CallStats stats = call.stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(stats.candidateType()).isEqualTo(CallStats.CandidateType.RELAY);
        CallStats bobStats = relay.bobCall().stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(bobStats.candidateType()).isEqualTo(CallStats.CandidateType.RELAY);
        // Either side may notice the lost media first and restart; each counts only the restarts it made.
        assertThat(stats.iceRestarts() + bobStats.iceRestarts()).as("recovered by ICE restart").isPositive();
        assertThat(relay.bobCall().id()).isEqualTo(call.id());

        List<Long> renewed = allocatedUsers(turn);
        assertThat(renewed).as("allocations after the restart, coturn log: %s", turn.log()).isNotEmpty()
                .allSatisfy(expiry -> assertThat(expiry).as("a refreshed username, not the expired one")
                        .isGreaterThan(firstExpired.getEpochSecond()));
    }

    /** The expiry (unix seconds) of each username coturn accepted an allocation for, as its log says. */
    private static List<Long> allocatedUsers(CoturnServer turn) {
        List<Long> expiries = new ArrayList<>();
        for (String line : turn.log()) {
            Matcher m = ALLOCATED.matcher(line);
            if (m.find()) {
                expiries.add(Long.parseLong(m.group(1)));
            }
        }
        return expiries;
    }
}
