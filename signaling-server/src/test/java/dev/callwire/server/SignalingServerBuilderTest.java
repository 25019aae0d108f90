package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalingServerBuilderTest {

    @Test
    void settersNameTheFieldTheyReject() {
        SignalingServer.Builder b = SignalingServer.builder();
        assertThatThrownBy(() -> b.host(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> b.port(70_000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> b.port(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> b.joinSecret("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("joinSecret");
        assertThatThrownBy(() -> b.roomCapacity(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roomCapacity");
        assertThatThrownBy(() -> b.rateLimit(0, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perSecond");
        assertThatThrownBy(() -> b.rateLimit(Double.NaN, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perSecond");
        assertThatThrownBy(() -> b.rateLimit(5, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
        assertThatThrownBy(() -> b.turnSecret("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("turnSecret");
        assertThatThrownBy(() -> b.turnUrls(List.of("http://x"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("turnUrls");
        assertThatThrownBy(() -> b.turnTtl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("turnTtl");
        assertThatThrownBy(() -> b.staticDir(Path.of("/definitely/not/here"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("staticDir");
    }

    @Test
    void halfConfiguredTurnIsRefusedAtBuild() {
        assertThatThrownBy(() -> SignalingServer.builder().turnSecret("s").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("turnUrls");
        assertThatThrownBy(() -> SignalingServer.builder().turnUrls(List.of("turn:h:3478")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("turnSecret");
    }

    @Test
    void unstartedServerHasNoPortAndCloseIsIdempotent() {
        SignalingServer server = SignalingServer.builder().port(0).build();
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
        server.close();
        server.close();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
    }

    @Test
    void urisUseTheBoundPortAndLoopbackForWildcards() {
        try (SignalingServer server = SignalingServer.builder().host("127.0.0.1").port(0).build()) {
            server.start();
            int port = server.port();
            assertThat(port).isPositive();
            assertThat(server.httpUri()).hasToString("http://127.0.0.1:" + port + "/");
            assertThat(server.webSocketUri()).hasToString("ws://127.0.0.1:" + port + "/ws");
            assertThat(server.socketIoUri()).hasToString("socketio+http://127.0.0.1:" + port);
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        }
    }
}
