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

    /** RFC 6455 section 8.1: failed as soon as the bytes cannot be UTF-8, not once the message ends. */
    @Test
    void refusesAFragmentThatCannotBeUtf8BeforeTheMessageEnds() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment(utf8("ab"), false);
        assertThat(refusals).isEmpty();
        text.onFragment(direct((byte) 'c', (byte) 0xC0, (byte) 0x80), false); // overlong NUL

        assertThat(refusals).containsExactly(1007);
        text.onFragment(utf8("d"), true);
        assertThat(messages).isEmpty();
        assertThat(refusals).containsExactly(1007);
    }

    /** A surrogate (ED A0..BF) is certain from its second byte, even when that comes in the next fragment. */
    @Test
    void refusesASurrogateSplitAcrossFragmentsAtItsSecondByte() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment(direct((byte) 'a', (byte) 0xED), false);
        assertThat(refusals).as("ED may still begin U+D000..U+D7FF").isEmpty();

        text.onFragment(direct((byte) 0xA0), false);

        assertThat(refusals).containsExactly(1007);
    }

    @Test
    void refusesACodePointOverU10ffffAtItsSecondByte() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        text.onFragment(direct((byte) 0xF4), false);
        text.onFragment(direct((byte) 0x90), false);
        assertThat(refusals).containsExactly(1007);
    }

    @Test
    void joinsAFourByteCharacterSplitOverThreeFragments() {
        TextAssembler text = assembler(Duration.ofSeconds(10));
        byte[] grin = "x\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // x, then F0 9F 98 80
        text.onFragment(direct(grin[0], grin[1]), false);
        text.onFragment(direct(grin[2], grin[3]), false);
        text.onFragment(direct(grin[4]), true);
        assertThat(refusals).isEmpty();
        assertThat(messages).containsExactly("x\uD83D\uDE00");
    }

    /** Each fragment's bytes are checked once: a long valid message split in many fragments decodes intact. */
    @Test
    void decodesAMessageSplitAtEveryByte() {
        TextAssembler text = new TextAssembler(1024, Duration.ofSeconds(10), timer, messages::add,
                (code, reason) -> refusals.add(code));
        String message = "h\u00e9llo \u20ac \uD83D\uDE00 \u4e16\u754c";
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            text.onFragment(direct(bytes[i]), i == bytes.length - 1);
        }
        assertThat(refusals).isEmpty();
        assertThat(messages).containsExactly(message);
    }
}
