package dev.callwire.server;

import dev.callwire.testing.RedisServer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The abuse suite ({@link HostileClientsIT}'s attacks, unchanged) against two instances sharing a real Debian
 * {@code redis-server}: each server a test starts is the first of a pair built from the same settings, and the
 * probe's Bob, half the 400-member room and the stalled poller's sender connect to the second, so that presence
 * and relayed messages cross Redis while the attack runs. Per-address limits are per instance: the probe holds
 * one connection on the attacked instance here, two in the single-instance suite.
 */
class HostileClientsClusterIT extends HostileClientsIT {

    @RegisterExtension
    final RedisServer redis = new RedisServer();

    private final Map<SignalingServer, SignalingServer> partners = new IdentityHashMap<>();

    @Override
    SignalingServer start(SignalingServer.Builder builder) {
        builder.resumeSecret("hostile-cluster-resume-secret").cluster(redis.uri("/0"));
        SignalingServer first = super.start(builder);
        partners.put(first, super.start(builder));
        return first;
    }

    @Override
    SignalingServer other(SignalingServer server) {
        return partners.get(server);
    }
}
