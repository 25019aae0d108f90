package dev.callwire.server;

import dev.callwire.IceServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The ICE option group of {@link SignalingServer.Builder}: static ICE servers and coturn REST credentials. Kept
 * apart so the builder's setters stay one-line delegations; validates like every setter, naming the field.
 */
final class IceOptions {

    String turnSecret;
    List<String> turnUrls = List.of();
    Duration turnTtl = Duration.ofHours(1);
    boolean allowAnonymousTurn;
    List<IceServer> iceServers = List.of();

    void turnSecret(String secret) {
        if (secret != null && secret.isEmpty()) {
            throw new IllegalArgumentException("turnSecret must not be empty (use null for no TURN)");
        }
        this.turnSecret = secret;
    }

    void turnUrls(List<String> urls) {
        this.turnUrls = BuilderChecks.turnUrls(urls);
    }

    void turnTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "turnTtl");
        if (ttl.getSeconds() < 1) {
            throw new IllegalArgumentException("turnTtl must be at least one second, got " + ttl);
        }
        this.turnTtl = ttl;
    }

    void iceServers(List<IceServer> servers) {
        this.iceServers = List.copyOf(Objects.requireNonNull(servers, "iceServers"));
    }

    /** The combination check of {@code build()}: TURN fully configured, and not handed to anonymous joiners by accident. */
    void check(String joinSecret) {
        BuilderChecks.turn(turnSecret, turnUrls, joinSecret, allowAnonymousTurn);
    }
}
