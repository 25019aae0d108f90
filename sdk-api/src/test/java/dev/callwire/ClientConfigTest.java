package dev.callwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

    private static final URI WS = URI.create("ws://127.0.0.1:8080/ws");

    @Test
    void buildsWithDefaultsAndCopiesThroughToBuilder() {
        ClientConfig config = ClientConfig.builder(WS).displayName("Desk")
                .ice(IceOptions.builder().server(IceServer.turn("turn:127.0.0.1:3478", "u", "p"))
                        .transportPolicy(IceTransportPolicy.RELAY).build())
                .timeouts(CallTimeouts.defaults().withRing(Duration.ofSeconds(5))).build();

        ClientConfig copy = config.toBuilder().displayName("Other").build();

        assertThat(copy.displayName()).isEqualTo("Other");
        assertThat(copy.ice()).isEqualTo(config.ice());
        assertThat(copy.ice().transportPolicy()).isEqualTo(IceTransportPolicy.RELAY);
        assertThat(copy.timeouts().ring()).isEqualTo(Duration.ofSeconds(5));
        assertThat(copy.timeouts().join()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.media().width()).isEqualTo(640);
        assertThat(config.toString()).doesNotContain("=p]").contains("credential=***");
        assertThatThrownBy(() -> config.ice().servers().add(IceServer.stun("stun:x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> ClientConfig.builder(URI.create("no-scheme")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signalingUri");
        assertThatThrownBy(() -> CallTimeouts.defaults().withJoin(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("join");
        assertThatThrownBy(() -> CallTimeouts.defaults().withPeerLeftGrace(Duration.ofSeconds(-1)))
                .hasMessageContaining("peerLeftGrace");
        assertThatThrownBy(() -> ClientConfig.builder(WS).timeouts(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("timeouts");
        assertThatThrownBy(() -> IceOptions.builder().transportPolicy(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("transportPolicy");
        assertThatThrownBy(() -> ClientConfig.builder(WS).displayName("x".repeat(65)).build())
                .hasMessageContaining("displayName");
        assertThatThrownBy(() -> MediaOptions.builder().resolution(641, 480).build()).hasMessageContaining("width");
        assertThatThrownBy(() -> MediaOptions.builder().frameRate(0).build()).hasMessageContaining("frameRate");
        assertThatThrownBy(() -> AudioInput.tone(0)).hasMessageContaining("hz");
        assertThatThrownBy(() -> IceServer.turn("turn:x", null, null)).hasMessageContaining("username");
        assertThatThrownBy(() -> new IceServer(List.of("http://x"), null, null)).hasMessageContaining("stun:");
        assertThatThrownBy(() -> VideoInput.camera(" ")).hasMessageContaining("name");
    }

    @Test
    void maxIncomingFileSizeDefaultsTo256MiBIsCopiedAndMustBePositive() {
        ClientConfig config = ClientConfig.builder(WS).build();
        assertThat(config.maxIncomingFileSize()).isEqualTo(256L * 1024 * 1024);
        assertThat(config.toBuilder().maxIncomingFileSize(10).build().toBuilder().build().maxIncomingFileSize())
                .isEqualTo(10);
        assertThatThrownBy(() -> ClientConfig.builder(WS).maxIncomingFileSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIncomingFileSize");
        assertThatThrownBy(() -> ClientConfig.builder(WS).maxIncomingFileSize(-1).build())
                .hasMessageContaining("maxIncomingFileSize");
    }

    @Test
    void aUriWithoutSchemeIsRefusedWithoutShowingItsSecrets() {
        assertThatThrownBy(() -> ClientConfig.builder(URI.create("//app:hunter2@signal.example.com/ws?token=t0k3n"))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a scheme")
                .hasMessageContaining("signal.example.com")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("t0k3n");
    }
}
