package dev.callwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JoinOptionsTest {

    @Test
    void defaultsHaveNoToken() {
        assertThat(JoinOptions.defaults().token()).isEmpty();
        assertThat(JoinOptions.builder().build()).isEqualTo(JoinOptions.defaults());
    }

    @Test
    void aTokenIsKeptAndEqualOptionsAreEqual() {
        JoinOptions options = JoinOptions.withToken("1700000000.abc-DEF_123");

        assertThat(options.token()).contains("1700000000.abc-DEF_123");
        assertThat(options).isEqualTo(JoinOptions.builder().token("1700000000.abc-DEF_123").build())
                .hasSameHashCodeAs(JoinOptions.builder().token("1700000000.abc-DEF_123").build())
                .isNotEqualTo(JoinOptions.defaults())
                .isNotEqualTo(JoinOptions.withToken("other"));
    }

    @Test
    void toStringNeverShowsTheToken() {
        assertThat(JoinOptions.withToken("s3cret-token").toString()).doesNotContain("s3cret").contains("token=***");
        assertThat(JoinOptions.defaults().toString()).contains("no token");
    }

    @Test
    void aDerivedVariantLeavesTheOriginalUnchanged() {
        JoinOptions withToken = JoinOptions.withToken("abc");

        JoinOptions without = withToken.toBuilder().noToken().build();
        JoinOptions other = withToken.toBuilder().token("xyz").build();

        assertThat(without.token()).isEmpty();
        assertThat(other.token()).contains("xyz");
        assertThat(withToken.token()).contains("abc");
    }

    @Test
    void aBuilderChangedAfterBuildDoesNotChangeWhatItBuilt() {
        JoinOptions.Builder builder = JoinOptions.builder().token("first");
        JoinOptions built = builder.build();

        builder.token("second");

        assertThat(built.token()).contains("first");
    }

    @Test
    void invalidTokensAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> JoinOptions.withToken(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> JoinOptions.withToken("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> JoinOptions.withToken("   ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JoinOptions.withToken("secret\nline")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> JoinOptions.withToken("x".repeat(JoinOptions.MAX_TOKEN_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8192");
        assertThat(JoinOptions.withToken("x".repeat(JoinOptions.MAX_TOKEN_LENGTH)).token()).isPresent();
    }

    @Test
    void aTokenSourceReplacesAFixedTokenAndTheOtherWayRound() {
        java.util.function.Supplier<String> source = () -> "fresh";
        JoinOptions sourced = JoinOptions.builder().token("fixed").tokenSource(source).build();
        JoinOptions fixedAgain = sourced.toBuilder().token("fixed").build();

        assertThat(sourced.token()).isEmpty();
        assertThat(sourced.tokenSource()).containsSame(source);
        assertThat(sourced.toString()).contains("token source").doesNotContain("fresh");
        assertThat(fixedAgain.tokenSource()).isEmpty();
        assertThat(fixedAgain.token()).contains("fixed");
        assertThat(sourced.toBuilder().noToken().build()).isEqualTo(JoinOptions.defaults());
        assertThatThrownBy(() -> JoinOptions.builder().tokenSource(null)).isInstanceOf(NullPointerException.class);
    }
}
