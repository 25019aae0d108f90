package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TextAssemblerTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Integer> refusals = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private TextAssembler assembler(Duration deadline) {
        return new TextAssembler(10, deadline, timer, messages::add, (code, reason) -> refusals.add(code));
    }

    @Test
    void passesWholeMessagesAndJoinsFragments() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment("whole", true);
        text.onFragment("ab", false);
        text.onFragment("cd", false);
        text.onFragment("ef", true);
        assertThat(messages).containsExactly("whole", "abcdef");
        assertThat(refusals).isEmpty();
    }

    @Test
    void refusesAMessageOverTheLimitAndIgnoresWhatFollows() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment("123456", false);
        text.onFragment("789012", false);
        text.onFragment("x", true);
        assertThat(refusals).containsExactly(1009);
        assertThat(messages).isEmpty();
    }

    @Test
    void refusesAMessageNotFinishedInTime() {
        TextAssembler text = assembler(Duration.ofMillis(100));
        text.onFragment("abc", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> refusals.contains(1008));
        text.onFragment("def", true);
        assertThat(messages).isEmpty();
    }

    @Test
    void aFinishedMessageCancelsItsDeadline() {
        TextAssembler text = assembler(Duration.ofMillis(100));
        text.onFragment("abc", false);
        text.onFragment("def", true);
        text.onFragment("next", true);
        assertThat(messages).containsExactly("abcdef", "next");
        assertThat(refusals).isEmpty();
    }
}
