package dev.callwire.server.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    @Test
    void theLeaseIsTakenOutOfTheUriAndTheRestGoesToRedis() {
        ClusterConfig config = ClusterConfig.parse(URI.create("redis://:s3cret@10.0.0.5:6380/2?lease-ms=2000&timeout=5s"));
        assertThat(config.lease()).isEqualTo(Duration.ofMillis(2000));
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofMillis(2000).dividedBy(3));
        assertThat(config.redis()).isEqualTo(URI.create("redis://:s3cret@10.0.0.5:6380/2?timeout=5s"));
        assertThat(config.toString()).doesNotContain("s3cret").contains("10.0.0.5:6380/2");

        ClusterConfig plain = ClusterConfig.parse(URI.create("redis://127.0.0.1:6379"));
        assertThat(plain.lease()).isEqualTo(ClusterConfig.DEFAULT_LEASE);
        assertThat(plain.redis()).isEqualTo(URI.create("redis://127.0.0.1:6379"));
    }

    @Test
    void badUrisAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> ClusterConfig.parse(URI.create("http://h:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://");
        assertThatThrownBy(() -> ClusterConfig.parse(URI.create("redis://:pw@h:1/rooms")))
                .hasMessageContaining("database number").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> ClusterConfig.parse(URI.create("redis://h:1?lease-ms=10")))
                .hasMessageContaining("lease-ms must be 300..600000, got 10");
        assertThatThrownBy(() -> ClusterConfig.parse(URI.create("redis://h:1?lease-ms=soon")))
                .hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> ClusterConfig.parse(URI.create("redis:///0")))
                .hasMessageContaining("no host");
    }
}
