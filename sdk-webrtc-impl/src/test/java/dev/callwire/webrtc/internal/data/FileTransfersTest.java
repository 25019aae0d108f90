package dev.callwire.webrtc.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callwire.CallwireException;
import dev.callwire.FileOffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two calls' file sides wired back to back through fake channels: the whole sub-protocol in memory, every message
 * through the codec and the bounded queues, without libwebrtc.
 */
class FileTransfersTest {

    private static final FileSettings SETTINGS = new FileSettings(4096, 64 * 1024, Duration.ofMillis(25),
            Duration.ofSeconds(15), Duration.ofSeconds(90), Duration.ofSeconds(60), Duration.ofSeconds(30),
            256 * 1024, 256, 16 * 1024);

    @TempDir
    Path aliceDir;
    @TempDir
    Path bobDir;
    private FakeCall alice;
    private FakeCall bob;
    private FileTransfers aliceFiles;
    private FileTransfers bobFiles;

    @BeforeEach
    void wire() {
        alice = new FakeCall(aliceDir);
        bob = new FakeCall(bobDir);
        FakePort aliceToBob = new FakePort();
        FakePort bobToAlice = new FakePort();
        aliceFiles = new FileTransfers(alice, () -> aliceToBob, SETTINGS);
        bobFiles = new FileTransfers(bob, () -> bobToAlice, SETTINGS);
        aliceToBob.peer = (bytes, binary) -> {
            aliceToBob.drain(); // delivered at once
            bobFiles.onMessage(bytes, binary);
        };
        bobToAlice.peer = (bytes, binary) -> {
            bobToAlice.drain();
            aliceFiles.onMessage(bytes, binary);
        };
    }

    @Test
    void aFileCrossesIntactAndBothSidesHearOfIt() throws Exception {
        byte[] content = new byte[100_000];
        new Random(3).nextBytes(content);
        bob.onOffer = FileOffer::accept;

        CompletableFuture<String> sent = aliceFiles.send(Files.write(aliceDir.resolve("photo.jpg"), content));
        settle();

        assertThat(sent).isCompleted();
        assertThat(bob.files).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("photo.jpg");
            assertThat(f.size()).isEqualTo(content.length);
            assertThat(Files.readAllBytes(f.path())).isEqualTo(content);
        });
    }

    @Test
    void aRefusalReachesTheSenderWithTheReceiversReason() throws Exception {
        bob.onOffer = offer -> offer.refuse("files are disabled here");

        CompletableFuture<String> sent = aliceFiles.send(Files.writeString(aliceDir.resolve("a.txt"), "hi"));
        settle();

        assertThatThrownBy(sent::join).cause().isInstanceOf(CallwireException.class)
                .hasMessageContaining("refused a.txt: files are disabled here");
        assertThat(bob.files).isEmpty();
    }

    @Test
    void anOversizedOfferIsRefusedBeforeTheApplicationIsAsked() throws Exception {
        bob.maxIncomingFileSize = 1000;
        bob.onOffer = FileOffer::accept;

        CompletableFuture<String> sent = aliceFiles.send(Files.write(aliceDir.resolve("big.bin"), new byte[1001]));
        settle();

        assertThatThrownBy(sent::join).cause().isInstanceOf(CallwireException.class)
                .hasMessageContaining("refused big.bin").hasMessageContaining("exceeds the receiver's limit of 1000");
        assertThat(bob.offers).isEmpty();
    }

    @Test
    void aMalformedControlMessageWithAnIdAbortsThatTransferOnBothSides() throws Exception {
        bob.onOffer = offer -> { }; // undecided: alice's transfer waits in OFFERED
        CompletableFuture<String> sent = aliceFiles.send(Files.writeString(aliceDir.resolve("a.txt"), "hi"));
        settle();
        String id = bob.offers.get(0) instanceof IncomingOffer o ? o.id() : null;

        aliceFiles.onMessage(("{\"t\":\"ack\",\"id\":\"" + id + "\",\"ok\":\"maybe\"}")
                .getBytes(StandardCharsets.UTF_8), false);
        settle();

        assertThatThrownBy(sent::join).cause().hasMessageContaining("malformed control message");
        bob.offers.get(0).accept(); // too late: bob already gave the transfer up
        settle();
        assertThat(bob.files).isEmpty();
    }

    private void settle() {
        for (int i = 0; i < 100 && !(alice.tasks.isEmpty() && bob.tasks.isEmpty()); i++) {
            alice.runAll();
            bob.runAll();
        }
    }
}
