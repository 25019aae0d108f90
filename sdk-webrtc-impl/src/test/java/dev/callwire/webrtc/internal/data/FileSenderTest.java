package dev.callwire.webrtc.internal.data;

import dev.callwire.webrtc.internal.SerialLane;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.CallwireException;
import dev.callwire.webrtc.internal.data.FileControl.Abort;
import dev.callwire.webrtc.internal.data.FileControl.Accept;
import dev.callwire.webrtc.internal.data.FileControl.Ack;
import dev.callwire.webrtc.internal.data.FileControl.End;
import dev.callwire.webrtc.internal.data.FileControl.Refuse;
import dev.callwire.webrtc.internal.data.FileControl.Start;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender pump against a fake channel: chunking, backpressure, decisions and the end of a call. */
class FileSenderTest {

    private static final int CHUNK = 1000;
    /** Three chunks fit under the high-water mark; hashing goes in slices of 4 KiB. */
    private static final FileSettings SETTINGS = new FileSettings(CHUNK, 3 * CHUNK, Duration.ofMillis(25),
            Duration.ofSeconds(15), Duration.ofSeconds(90), Duration.ofSeconds(60), Duration.ofSeconds(30),
            64 * 1024, 64, 4096);

    @TempDir
    Path dir;
    private FakeCall call;
    private final FakePort port = new FakePort();
    private FileSender sender;

    @BeforeEach
    void setUp() {
        call = new FakeCall(dir);
        sender = new FileSender(call, call.executor, () -> port, SETTINGS);
    }

    @Test
    void offersFirstThenStreamsInChunksAndCompletesOnTheAcknowledgement() throws Exception {
        byte[] content = content(2_500);
        CompletableFuture<String> result = sender.send(file("a.bin", content));
        call.runAll();

        Start start = port.sent(Start.class).get(0);
        assertThat(start).isEqualTo(new Start(start.id(), "a.bin", 2_500, sha(content)));
        assertThat(port.chunks).as("nothing before the receiver decides").isEmpty();

        sender.onControl(new Accept(start.id()));
        call.runAll();

        assertThat(port.chunks).extracting(c -> c.length).containsExactly(1000, 1000, 500);
        assertThat(concat(port)).isEqualTo(content);
        assertThat(port.controls).last().isEqualTo(new End(start.id()));
        assertThat(result).isNotDone();

        sender.onControl(new Ack(start.id(), true, ""));
        call.runAll();
        assertThat(result).isCompletedWithValue(start.id());
    }

    @Test
    void stopsAtTheHighWaterMarkAndResumesOnAChannelEvent() throws Exception {
        byte[] content = content(10 * CHUNK);
        CompletableFuture<String> result = sender.send(file("big.bin", content));
        call.runAll();
        port.drain(); // the offer reached the receiver
        sender.onControl(new Accept(port.sent(Start.class).get(0).id()));
        call.runAll();
        assertThat(port.chunks.size()).isEqualTo(3);

        call.advance(Duration.ofMillis(100)); // re-checks find the channel still full
        assertThat(port.chunks.size()).isEqualTo(3);

        port.drain();
        sender.poke(); // what libwebrtc's buffered-amount event does
        call.runAll();
        assertThat(port.chunks.size()).isEqualTo(6);

        port.buffered = CHUNK; // drained partly, and this time no event comes: the re-check timer finds it
        call.advance(SETTINGS.recheck());
        assertThat(port.chunks.size()).isEqualTo(8);

        for (int i = 0; i < 3; i++) {
            port.drain();
            sender.poke();
            call.runAll();
        }
        assertThat(port.maxBuffered).isLessThanOrEqualTo(SETTINGS.highWater());
        assertThat(concat(port)).isEqualTo(content);
        assertThat(port.controls).last().isInstanceOf(End.class);
        assertThat(result).isNotDone();
    }

    @Test
    void aRefusalFailsTheFutureSaysWhyAndTheNextFileGoesAhead() throws Exception {
        CompletableFuture<String> first = sender.send(file("first.bin", content(10)));
        CompletableFuture<String> second = sender.send(file("second.bin", content(10)));
        call.runAll();
        assertThat(port.sent(Start.class)).as("one transfer at a time").hasSize(1);

        sender.onControl(new Refuse(port.sent(Start.class).get(0).id(), "no room on this device"));
        call.runAll();

        assertFailure(first::join, CallwireException.Reason.FILE_TRANSFER, "refused first.bin: no room on this device");
        assertThat(port.chunks).isEmpty();
        assertThat(port.sent(Start.class)).extracting(Start::name).containsExactly("first.bin", "second.bin");
        assertThat(second).isNotDone();
    }

    @Test
    void theEndOfTheCallMidTransferFailsTheFutureAndStopsSending() throws Exception {
        CompletableFuture<String> result = sender.send(file("big.bin", content(10 * CHUNK)));
        CompletableFuture<String> queued = sender.send(file("queued.bin", content(10)));
        call.runAll();
        port.drain();
        sender.onControl(new Accept(port.sent(Start.class).get(0).id()));
        call.runAll();

        CompletableFuture<Void> closed = sender.close();
        call.runAll();
        port.drain();
        sender.poke();
        call.advance(Duration.ofSeconds(1));

        assertThat(closed).isCompleted();
        assertFailure(result::join, CallwireException.Reason.CALL_ENDED, "call c1 ended");
        assertFailure(queued::join, CallwireException.Reason.CALL_ENDED, "ended");
        assertThat(port.chunks.size()).isEqualTo(3);
        assertThat(call.pendingTimers()).isZero();
    }

    @Test
    void theReceiversAbortStopsStreaming() throws Exception {
        CompletableFuture<String> result = sender.send(file("big.bin", content(10 * CHUNK)));
        call.runAll();
        String id = port.sent(Start.class).get(0).id();
        port.drain();
        sender.onControl(new Accept(id));
        call.runAll();

        sender.onControl(new Abort(id, "more data than the announced 10 bytes"));
        call.runAll();
        port.drain();
        sender.poke();
        call.runAll();

        assertFailure(result::join, CallwireException.Reason.FILE_TRANSFER, "aborted big.bin: more data");
        assertThat(port.chunks.size()).isEqualTo(3);
    }

    @Test
    void waitsForTheChannelToOpenAndGivesUpAfterTheOpenTimeout() throws Exception {
        port.open = false;
        CompletableFuture<String> late = sender.send(file("late.bin", content(10)));
        call.runAll();
        assertThat(port.controls).isEmpty();

        port.open = true;
        sender.poke(); // the state-change event
        call.runAll();
        assertThat(port.sent(Start.class)).hasSize(1);
        sender.onControl(new Refuse(port.sent(Start.class).get(0).id(), ""));
        call.runAll();
        assertFailure(late::join, CallwireException.Reason.FILE_TRANSFER, "refused late.bin: no reason given");

        port.open = false;
        CompletableFuture<String> never = sender.send(file("never.bin", content(10)));
        call.advance(SETTINGS.openTimeout().plusMillis(100));
        assertFailure(never::join, CallwireException.Reason.TIMEOUT, "did not open");
    }

    @Test
    void noDecisionInTimeFailsWithATimeoutAndTellsTheReceiver() throws Exception {
        CompletableFuture<String> result = sender.send(file("a.bin", content(10)));
        call.runAll();

        call.advance(SETTINGS.decisionTimeout().plusSeconds(1));

        assertFailure(result::join, CallwireException.Reason.TIMEOUT, "did not accept or refuse");
        assertThat(port.controls).last().isInstanceOf(Abort.class);
    }

    @Test
    void anUnreadableFileFailsAtOnceWithoutAnOffer() {
        CompletableFuture<String> result = sender.send(dir.resolve("missing.bin"));
        call.runAll();

        assertFailure(result::join, CallwireException.Reason.MEDIA_ENGINE, "not a regular file");
        assertThat(port.controls).isEmpty();
    }

    @Test
    void aStalledCallHoldsNoSharedThreadAndAnotherCallsFileGoesThrough() throws Exception {
        FakePort stalledPort = new FakePort();
        FileSender stalled = new FileSender(call, new SerialLane(call.executor, "stalled"), () -> stalledPort, SETTINGS);
        FileSender other = new FileSender(call, new SerialLane(call.executor, "other"), () -> port, SETTINGS);
        CompletableFuture<String> stuck = stalled.send(file("stuck.bin", content(20 * CHUNK)));
        CompletableFuture<String> through = other.send(file("through.bin", content(8 * CHUNK)));
        call.runAll();
        stalledPort.drain();
        stalled.onControl(new Accept(stalledPort.sent(Start.class).get(0).id()));
        String id = port.sent(Start.class).get(0).id();
        other.onControl(new Accept(id));
        call.runAll();

        for (int i = 0; i < 5; i++) { // the other receiver keeps up; the stalled one never drains its channel
            port.drain();
            other.poke();
            call.advance(SETTINGS.recheck());
        }
        other.onControl(new Ack(id, true, ""));
        call.runAll();

        assertThat(through).isCompletedWithValue(id);
        assertThat(port.binaryBytes()).isEqualTo(8 * CHUNK);
        assertThat(stalledPort.chunks.size()).as("stopped at its high-water mark").isEqualTo(3);
        assertThat(stuck).isNotDone();
        assertThat(call.pendingTimers()).as("the stalled transfer waits on its re-check timer, not on a thread")
                .isEqualTo(1);
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(FakePort port) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        port.chunks.forEach(all::writeBytes);
        return all.toByteArray();
    }

    private static String sha(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static void assertFailure(ThrowableAssert.ThrowingCallable join, CallwireException.Reason reason,
                                      String messagePart) {
        org.assertj.core.api.Assertions.assertThatThrownBy(join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(CallwireException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }
}
