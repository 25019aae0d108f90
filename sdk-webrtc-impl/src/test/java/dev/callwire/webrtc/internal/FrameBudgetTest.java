package dev.callwire.webrtc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameBudgetTest {

    @Test
    void givesAtMostItsFramesThenIsSpent() {
        FrameBudget budget = new FrameBudget(3);

        assertThat(budget.take()).isTrue();
        assertThat(budget.take()).isTrue();
        assertThat(budget.spent()).isFalse();
        assertThat(budget.take()).isTrue();

        assertThat(budget.take()).isFalse();
        assertThat(budget.spent()).isTrue();
        assertThat(budget.pushed()).isEqualTo(3);
    }

    @Test
    void aRenderedFrameStopsTheFramesAndTheBudgetIsNotSpent() {
        FrameBudget budget = new FrameBudget(60);
        budget.take();
        budget.take();

        budget.rendered();

        assertThat(budget.take()).isFalse();
        assertThat(budget.spent()).isFalse();
        assertThat(budget.pushed()).isEqualTo(2);
    }

    @Test
    void aBudgetOfNoFrameIsRefused() {
        assertThatThrownBy(() -> new FrameBudget(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one frame");
    }
}
