package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Jetty's network buffers are direct; the assembler must not depend on a backing array. */
    private static ByteBuffer direct(byte... bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    @Test
    void passesWholeMessagesAndJoinsFragments() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment(utf8("whole"), true);
        text.onFragment(utf8("ab"), false);
        text.onFragment(utf8("cd"), false);
        text.onFragment(utf8("ef"), true);
        assertThat(messages).containsExactly("whole", "abcdef");
        assertThat(refusals).isEmpty();
    }

    @Test
    void refusesAMessageOverTheLimitAndIgnoresWhatFollows() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment(utf8("123456"), false);
        text.onFragment(utf8("789012"), false);
        text.onFragment(utf8("x"), true);
        assertThat(refusals).containsExactly(1009);
        assertThat(messages).isEmpty();
    }

    @Test
    void refusesAMessageNotFinishedInTime() {
        TextAssembler text = assembler(Duration.ofMillis(100));
        text.onFragment(utf8("abc"), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> refusals.contains(1008));
        text.onFragment(utf8("def"), true);
        assertThat(messages).isEmpty();
    }

    @Test
    void aFinishedMessageCancelsItsDeadline() throws Exception {
        Duration deadline = Duration.ofMillis(100);
        TextAssembler text = assembler(deadline);
        // The timer's one thread is held while the fragments arrive: a test thread descheduled for 100 ms on a
        // loaded machine cannot let the deadline fire between them.
        CountDownLatch fragmentsDone = new CountDownLatch(1);
        timer.execute(() -> {
            try {
                fragmentsDone.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        text.onFragment(utf8("abc"), false);
        text.onFragment(utf8("def"), true);
        text.onFragment(utf8("next"), true);
        fragmentsDone.countDown();

        // Not at once, which would pass even if the deadline still ran: the timer runs its tasks in order of
        // their due time, so one due after the deadline has run after an expiry that was not cancelled.
        timer.schedule(() -> { }, deadline.multipliedBy(2).toNanos(), TimeUnit.NANOSECONDS).get(5, TimeUnit.SECONDS);
        assertThat(messages).containsExactly("abcdef", "next");
        assertThat(refusals).isEmpty();
    }

    @Test
    void decodesACharacterSplitAcrossFragments() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
        text.onFragment(direct(euro[0]), false);
        text.onFragment(direct(euro[1], euro[2]), true);
        text.onFragment(direct(euro), true);
        assertThat(messages).containsExactly("\u20ac", "\u20ac");
        assertThat(refusals).isEmpty();
    }

    @Test
    void keepsAReplacementCharacterTheClientSent() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment(utf8("a\ufffdb"), true);
        assertThat(messages).containsExactly("a\ufffdb");
    }

    @Test
    void refusesTextThatIsNotUtf8With1007() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment(direct((byte) 'a', (byte) 0xC3, (byte) 'b'), true);
        text.onFragment(utf8("later"), true);
        assertThat(refusals).containsExactly(1007);
        assertThat(messages).isEmpty();
    }

    @Test
    void refusesAFragmentedMessageEndingMidCharacter() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment(utf8("ab"), false);
        text.onFragment(direct((byte) 0xE2, (byte) 0x82), true);
        assertThat(refusals).containsExactly(1007);
        assertThat(messages).isEmpty();
    }
}
