package dev.callwire.webrtc.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.FileOffer;
import dev.callwire.ReceivedFile;
import dev.callwire.webrtc.internal.data.FileControl.Abort;
import dev.callwire.webrtc.internal.data.FileControl.Accept;
import dev.callwire.webrtc.internal.data.FileControl.Ack;
import dev.callwire.webrtc.internal.data.FileControl.End;
import dev.callwire.webrtc.internal.data.FileControl.Refuse;
import dev.callwire.webrtc.internal.data.FileControl.Start;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiving state machine, driven message by message: no channel, no threads, no waiting. */
class FileReceiverTest {

    @TempDir
    Path dir;
    private FakeCall call;
    private final List<FileControl> replies = new ArrayList<>();
    private FileReceiver receiver;

    @BeforeEach
    void setUp() {
        call = new FakeCall(dir);
        call.onOffer = FileOffer::accept;
        receiver = new FileReceiver(call, call.executor, replies::add, FileSettings.DEFAULTS);
    }

    @Test
    void aShortFileIsOfferedAcceptedWrittenVerifiedAndAcknowledged() throws IOException {
        byte[] content = "hello, file".getBytes(StandardCharsets.UTF_8);

        start("t1", "hello.txt", content);
        assertThat(call.offers).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("hello.txt");
            assertThat(o.size()).isEqualTo(content.length);
            assertThat(o.sha256()).isEqualTo(sha(content));
        });
        assertThat(replies).containsExactly(new Accept("t1"));
        receiver.onChunk(content);
        receiver.onEnd(new End("t1"));

        assertThat(replies).containsExactly(new Accept("t1"), new Ack("t1", true, ""));
        ReceivedFile file = call.files.get(0);
        assertThat(file.name()).isEqualTo("hello.txt");
        assertThat(file.sha256()).isEqualTo(sha(content));
        assertThat(Files.readAllBytes(file.path())).isEqualTo(content);
        assertThat(file.path().getParent()).isEqualTo(dir);
    }

    @Test
    void aFileOfExactlyTheLimitIsAccepted() throws IOException {
        call.maxIncomingFileSize = 10;
        byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);

        start("t1", "ten.bin", content);
        receiver.onChunk(new byte[] {'0', '1', '2', '3'});
        receiver.onChunk("456789".getBytes(StandardCharsets.UTF_8));
        receiver.onEnd(new End("t1"));

        assertThat(replies).last().isEqualTo(new Ack("t1", true, ""));
        assertThat(Files.readAllBytes(call.files.get(0).path())).isEqualTo(content);
    }

    @Test
    void anAnnouncedSizeOverTheLimitIsRefusedWithoutAskingTheApplication() throws IOException {
        call.maxIncomingFileSize = 10;

        start("t1", "big.bin", new byte[11]);

        assertThat(call.offers).isEmpty();
        assertThat(replies).singleElement().isInstanceOfSatisfying(Refuse.class, r ->
                assertThat(r.reason()).contains("11 bytes").contains("limit of 10 bytes"));
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void moreBytesThanAnnouncedAbortsTellsTheSenderAndDeletesThePartialFile() throws IOException {
        start("t1", "liar.bin", new byte[4]);
        receiver.onChunk(new byte[3]);
        assertThat(filesIn(dir)).hasSize(1);

        receiver.onChunk(new byte[3]);
        receiver.onChunk(new byte[3]); // still on its way when the sender hears of the abort
        receiver.onEnd(new End("t1"));

        assertThat(replies).containsExactly(new Accept("t1"), new Abort("t1", "more data than the announced 4 bytes"));
        assertThat(filesIn(dir)).isEmpty();
        assertThat(call.files).isEmpty();
        assertThat(call.errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("incoming file liar.bin failed: more data than the announced 4 bytes");
    }

    @Test
    void aBadHashDeletesTheFileAndTellsTheSender() throws IOException {
        byte[] content = "original".getBytes(StandardCharsets.UTF_8);
        start("t1", "x.txt", content);

        receiver.onChunk("tampered".getBytes(StandardCharsets.UTF_8));
        receiver.onEnd(new End("t1"));

        assertThat(replies).last().isInstanceOfSatisfying(Ack.class, ack -> {
            assertThat(ack.ok()).isFalse();
            assertThat(ack.reason()).contains("SHA-256 mismatch").contains(sha(content));
        });
        assertThat(call.files).isEmpty();
        assertThat(call.errors).singleElement().extracting(Throwable::getMessage).asString()
                .startsWith("incoming file x.txt failed: SHA-256 mismatch");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aFileShorterThanAnnouncedIsNotDelivered() throws IOException {
        start("t1", "x.txt", new byte[10]);
        receiver.onChunk(new byte[6]);
        receiver.onEnd(new End("t1"));

        assertThat(replies).last().isEqualTo(new Ack("t1", false, "received 6 of the announced 10 bytes"));
        assertThat(call.files).isEmpty();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aRefusalByTheApplicationIsSentWithItsReasonAndNothingIsStored() throws IOException {
        call.onOffer = offer -> offer.refuse("not now");

        start("t1", "x.txt", new byte[3]);
        receiver.onChunk(new byte[3]); // a sender that does not wait: dropped, never written

        assertThat(replies).containsExactly(new Refuse("t1", "not now"));
        assertThat(filesIn(dir)).isEmpty();
        assertThat(call.files).isEmpty();
        assertThat(call.errors).as("the application decided; nothing to tell it").isEmpty();
    }

    @Test
    void anUndecidedOfferIsRefusedAfterTheTimeoutAndALateAcceptHasNoEffect() {
        call.onOffer = offer -> { };
        start("t1", "x.txt", new byte[3]);
        call.advance(FileSettings.DEFAULTS.offerTimeout().minusMillis(1));
        assertThat(replies).isEmpty();

        call.advance(Duration.ofMillis(2));
        call.offers.get(0).accept();
        call.runAll();

        assertThat(replies).containsExactly(new Refuse("t1", "no decision within 60 s"));
    }

    @Test
    void aLaterDecisionWinsOnlyIfItIsTheFirst() {
        call.onOffer = offer -> { };
        start("t1", "x.txt", new byte[3]);

        call.offers.get(0).refuse("first");
        call.offers.get(0).accept();
        call.runAll();

        assertThat(replies).containsExactly(new Refuse("t1", "first"));
        assertThat(call.pendingTimers()).isZero();
    }

    @Test
    void contentBeforeTheDecisionAbortsTheTransfer() {
        call.onOffer = offer -> { };
        start("t1", "x.txt", new byte[3]);

        receiver.onChunk(new byte[3]);
        call.offers.get(0).accept();
        call.runAll();

        assertThat(replies).containsExactly(new Abort("t1", "file data before the receiver accepted"));
    }

    @Test
    void aChunkWithoutAStartIsDroppedAndTheNextTransferStillWorks() throws IOException {
        receiver.onChunk(new byte[] {1, 2, 3});
        assertThat(replies).isEmpty();
        assertThat(filesIn(dir)).isEmpty();

        byte[] content = {4, 5};
        start("t2", "next.bin", content);
        receiver.onChunk(content);
        receiver.onEnd(new End("t2"));

        assertThat(replies).containsExactly(new Accept("t2"), new Ack("t2", true, ""));
        assertThat(Files.readAllBytes(call.files.get(0).path())).isEqualTo(content);
    }

    @Test
    void anEndForAnUnknownIdIsAnsweredWithAnAbortAndDeliversNothing() {
        receiver.onEnd(new End("never-started"));

        assertThat(replies).containsExactly(new Abort("never-started", "unknown transfer"));
        assertThat(call.files).isEmpty();
    }

    @Test
    void theSendersAbortDeletesThePartialFileWithoutAnAnswer() throws IOException {
        start("t1", "x.bin", new byte[10]);
        receiver.onChunk(new byte[5]);

        receiver.onAbort(new Abort("t1", "sender gave up"));
        receiver.onAbort(new Abort("someone-else", "not ours"));

        assertThat(replies).containsExactly(new Accept("t1"));
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void anOverflowOfTheCallsQueueAbortsTheTransferInProgress() throws IOException {
        start("t1", "x.bin", new byte[10]);
        receiver.onChunk(new byte[5]);

        receiver.onOverflow();

        assertThat(replies).containsExactly(new Accept("t1"), new Abort("t1", "the receiver's queue overflowed"));
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void theEndOfTheCallDeletesThePartialFileAndIgnoresWhatFollows() throws IOException {
        start("t1", "x.bin", new byte[10]);
        receiver.onChunk(new byte[5]);

        receiver.close();
        receiver.onChunk(new byte[5]);
        receiver.onEnd(new End("t1"));

        assertThat(filesIn(dir)).isEmpty();
        assertThat(replies).containsExactly(new Accept("t1"));
    }

    @Test
    void aLongOrOddNameIsStoredUnderAShortSafeNameAndDeliveredUnderTheOriginal() throws IOException {
        String name = "\u00e9".repeat(200) + "<draft>?.pdf";
        byte[] content = {1};

        start("t1", name, content);
        receiver.onChunk(content);
        receiver.onEnd(new End("t1"));

        ReceivedFile file = call.files.get(0);
        assertThat(file.name()).isEqualTo(name);
        String stored = file.path().getFileName().toString();
        assertThat(stored.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(160);
        assertThat(stored).endsWith("_draft__.pdf").doesNotContain("<", ">", "?");
    }

    private void start(String id, String name, byte[] content) {
        receiver.onStart(new Start(id, name, content.length, sha(content)));
        call.runAll();
    }

    private static String sha(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
