package dev.callwire.webrtc.internal.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.JoinOptions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class JoinTokenTest {

    /** Hands out the given results in order; a {@link RuntimeException} result is thrown. */
    private static Supplier<String> sequence(Object... results) {
        Deque<Object> left = new ArrayDeque<>(List.of(results));
        return () -> {
            Object next = left.removeFirst();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return (String) next;
        };
    }

    @Test
    void aFixedTokenIsSentEveryTime() {
        JoinToken token = JoinToken.of(JoinOptions.withToken("fixed"));

        assertThat(token.renewable()).isFalse();
        assertThat(token.first()).isEqualTo("fixed");
        assertThat(token.fresh("room")).isEqualTo("fixed");
        assertThat(JoinToken.of(JoinOptions.defaults()).fresh("room")).isNull();
    }

    @Test
    void aSourceIsAskedAgainForEachReJoin() {
        JoinToken token = JoinToken.of(JoinOptions.builder().tokenSource(sequence("one", "two", "three")).build());

        assertThat(token.renewable()).isTrue();
        assertThat(token.first()).isEqualTo("one");
        assertThat(token.fresh("room")).isEqualTo("two");
        assertThat(token.fresh("room")).isEqualTo("three");
    }

    @Test
    void aFailingFirstTokenFailsTheJoinAtOnceWithoutEchoingIt() {
        assertThatThrownBy(() -> JoinToken.of(JoinOptions.builder()
                .tokenSource(sequence(new IllegalStateException("vault down"))).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vault down");
        assertThatThrownBy(() -> JoinToken.of(JoinOptions.builder().tokenSource(sequence("bad\ntoken")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control")
                .hasMessageNotContaining("bad");
        assertThatThrownBy(() -> JoinToken.of(JoinOptions.builder().tokenSource(() -> null).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void aLaterFailureSendsTheLastGoodTokenAgain() {
        JoinToken token = JoinToken.of(JoinOptions.builder()
                .tokenSource(sequence("one", new IllegalStateException("vault down"), " ", "four")).build());

        assertThat(token.fresh("room")).isEqualTo("one");
        assertThat(token.fresh("room")).as("a blank token is refused too").isEqualTo("one");
        assertThat(token.fresh("room")).isEqualTo("four");
    }
}
