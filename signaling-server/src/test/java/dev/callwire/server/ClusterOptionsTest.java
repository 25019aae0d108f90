package dev.callwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --cluster} and {@code Builder.cluster(URI)}: what is refused before anything connects. */
class ClusterOptionsTest {

    @Test
    void aClusterNeedsASharedResumeSecret() {
        SignalingServer.Builder builder = SignalingServer.builder().cluster(URI.create("redis://127.0.0.1:6379/0"));
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resumeSecret shared by all instances");
        assertThat(builder.resumeSecret("sixteen-characters!").build()).isNotNull();
    }

    @Test
    void aBadClusterUriIsRefusedWithoutEchoingItsPassword() {
        assertThatThrownBy(() -> SignalingServer.builder().cluster(URI.create("http://:hunter2@h:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://")
                .hasMessageNotContaining("hunter2");
        assertThat(SignalingServer.builder().cluster(null).build()).as("null: one instance alone").isNotNull();
    }

    @Test
    void theCommandLineFlagReachesTheBuilder() {
        SignalingServerMain main = new SignalingServerMain();
        new CommandLine(main).parseArgs("--port", "0", "--cluster", "redis://127.0.0.1:1/0?lease-ms=100");
        assertThatThrownBy(main::toServer).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease-ms must be 300..600000");

        SignalingServerMain withoutSecret = new SignalingServerMain();
        new CommandLine(withoutSecret).parseArgs("--port", "0", "--cluster", "redis://127.0.0.1:1/0");
        withoutSecret.resumeSecret = null; // the environment variable may be set where this runs
        assertThatThrownBy(withoutSecret::toServer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resumeSecret");
    }
}
