package dev.callwire.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallSession;
import dev.callwire.CallStats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: the real signaling server, configured with coturn's shared secret, hands each peer
 * time-limited TURN credentials in {@code welcome}; relay-only clients with no ICE server of their own
 * connect through a real coturn that checks those credentials.
 */
class TurnRestCredentialsIT {

    private final RestTurnRelayCall relay = new RestTurnRelayCall();

    @AfterEach
    void tearDown() throws Exception {
        relay.close();
    }

    @Test
    void relayOnlyCallUsesTheCredentialsTheServerHandsOut() throws Exception {
        CallSession call = relay.connect("rest-turn", Duration.ofMinutes(10));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(call.stats().toCompletableFuture().get(5, TimeUnit.SECONDS).candidateType())
                    .isEqualTo(CallStats.CandidateType.RELAY);
            assertThat(relay.bobCall().stats().toCompletableFuture().get(5, TimeUnit.SECONDS).candidateType())
                    .isEqualTo(CallStats.CandidateType.RELAY);
        });
    }
}
