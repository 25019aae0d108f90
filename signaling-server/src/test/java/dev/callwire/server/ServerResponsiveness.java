package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callwire.protocol.Join;
import dev.callwire.protocol.Offer;
import dev.callwire.protocol.PeerJoined;
import dev.callwire.protocol.Welcome;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What every attack test asserts while its attack runs: {@code /healthz} answers within a second
 * and an already-joined {@code /ws} pair relays an offer within a second.
 */
final class ServerResponsiveness implements AutoCloseable {

    static final Duration LIMIT = Duration.ofSeconds(1);

    private final SignalingServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(LIMIT).build();
    private final WsTestClient alice;
    private final WsTestClient bob;
    private final String room = "probe-" + UUID.randomUUID();
    private final String bobId;
    private long probes;
    private long worstHealthNanos;
    private long worstRelayNanos;

    ServerResponsiveness(SignalingServer server) {
        this(server, server);
    }

    /** Alice on {@code server}, whose {@code /healthz} is probed; Bob on {@code bobsServer}, another instance or it. */
    ServerResponsiveness(SignalingServer server, SignalingServer bobsServer) {
        this.server = server;
        alice = WsTestClient.connect(server);
        bob = WsTestClient.connect(bobsServer);
        String aliceId = alice.join(new Join(room, "Alice", null)).self();
        Welcome bobWelcome = bob.join(new Join(room, "Bob", null));
        bobId = bobWelcome.self();
        alice.next(PeerJoined.class);
        if (bobWelcome.peers().stream().noneMatch(p -> p.id().equals(aliceId))) {
            // On another instance, Alice's join may reach Bob's instance through Redis only after Bob's welcome.
            assertThat(bob.next(PeerJoined.class).peer().id()).isEqualTo(aliceId);
        }
    }

    /** One health check and one relayed offer, each within {@link #LIMIT}. */
    void probe() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> health = http.sendAsync(
                HttpRequest.newBuilder(server.httpUri().resolve("/healthz")).timeout(LIMIT).build(),
                HttpResponse.BodyHandlers.ofString()).get(LIMIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        long healthNanos = System.nanoTime() - start;
        assertThat(health.statusCode()).isEqualTo(200);

        String callId = UUID.randomUUID().toString();
        start = System.nanoTime();
        alice.send(new Offer(room, null, bobId, callId, "v=0 probe"));
        assertThat(bob.next(Offer.class).callId()).isEqualTo(callId);
        long relayNanos = System.nanoTime() - start;

        probes++;
        worstHealthNanos = Math.max(worstHealthNanos, healthNanos);
        worstRelayNanos = Math.max(worstRelayNanos, relayNanos);
        assertThat(Duration.ofNanos(healthNanos)).as("/healthz answer time").isLessThan(LIMIT);
        assertThat(Duration.ofNanos(relayNanos)).as("relay time of a joined pair").isLessThan(LIMIT);
    }

    /** Probes about four times a second for {@code period}; fails on the first slow probe. */
    void probeFor(Duration period) {
        long end = System.nanoTime() + period.toNanos();
        await().atMost(period.plusSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
            probe();
            return System.nanoTime() >= end;
        });
    }

    /** For the test's report: how many probes ran and the slowest answers. */
    String summary() {
        return probes + " probes, slowest /healthz " + TimeUnit.NANOSECONDS.toMillis(worstHealthNanos)
                + " ms, slowest relay " + TimeUnit.NANOSECONDS.toMillis(worstRelayNanos) + " ms";
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
    }
}
