package dev.callwire.samples.bot;

import dev.callwire.server.SignalingServer;
import dev.callwire.testing.RedisServer;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link BrowserInteropIT}'s two calls (the page calls the bot, the bot calls the page) with the page's Chromium
 * on one signaling server instance and the Java bot on another, the two sharing a real Debian
 * {@code redis-server}: presence, offer, answer, candidates and the hang-up cross Redis, and both sides must
 * still decode the other's video at the size it sends.
 */
class BrowserInteropClusterIT extends BrowserInteropIT {

    @RegisterExtension
    final RedisServer redis = new RedisServer();

    @Override
    List<SignalingServer> servers() {
        SignalingServer page = instance();
        SignalingServer bot = instance();
        return List.of(page, bot);
    }

    private SignalingServer instance() {
        SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(0)
                .resumeSecret("browser-cluster-resume-secret").cluster(redis.uri("/0")).build();
        server.start();
        return server;
    }
}
