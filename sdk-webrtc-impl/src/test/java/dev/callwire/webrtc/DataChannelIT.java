package dev.callwire.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callwire.CallData;
import dev.callwire.CallSession;
import dev.callwire.CallwireException;
import dev.callwire.DataMessage;
import dev.callwire.FileOffer;
import dev.callwire.ReceivedFile;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.testing.TestClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call's data channel: ordered text and binary, backpressure without loss, a 5 MB file intact; a file the
 * receiving application refuses and one over the receiver's size limit fail the sender and leave nothing behind.
 */
class DataChannelIT {

    /** Bob's limit: the 5 MB file fits, the over-limit file is one byte more. */
    private static final long BOB_MAX_FILE = 6L * 1024 * 1024;

    private final TestClients clients = new TestClients();
    private final List<DataMessage> aliceGot = new CopyOnWriteArrayList<>();
    private final List<DataMessage> bobGot = new CopyOnWriteArrayList<>();
    private final List<ReceivedFile> bobFiles = new CopyOnWriteArrayList<>();
    private final List<String> bobOffers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<CallSession> bobCall = new CompletableFuture<>();
    private CallSession aliceCall;

    @BeforeEach
    void connect() throws Exception {
        Room alice = TestClients.join(clients.client("alice"), "data", new RoomListener() {
            @Override
            public void onDataMessage(Room room, CallSession call, DataMessage message) {
                aliceGot.add(message);
            }
        });
        Room bob = TestClients.joinAndMeet(clients.client("bob", b -> b.maxIncomingFileSize(BOB_MAX_FILE)), alice,
                new RoomListener() {
            @Override
            public void onIncomingCall(Room room, CallSession call) {
                call.accept();
                bobCall.complete(call);
            }

            @Override
            public void onDataMessage(Room room, CallSession call, DataMessage message) {
                bobGot.add(message);
            }

            @Override
            public void onFileOffered(Room room, CallSession call, FileOffer offer) {
                bobOffers.add(offer.name());
                if (offer.name().startsWith("unwanted")) {
                    offer.refuse("no " + offer.name() + " here");
                } else {
                    RoomListener.super.onFileOffered(room, call, offer); // the default: accept
                }
            }

            @Override
            public void onFileReceived(Room room, CallSession call, ReceivedFile file) {
                bobFiles.add(file);
            }
        });
        aliceCall = TestClients.call(alice, bob.selfId());
        aliceCall.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        aliceCall.data().writable().toCompletableFuture().get(10, TimeUnit.SECONDS); // the channel is open
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void textAndBinaryArriveInOrderBothWays() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(i % 10 == 0 ? aliceCall.data().send(new byte[] {(byte) i, 1, 2}) : aliceCall.data().send("m" + i))
                    .isTrue();
        }
        bobCall.get(5, TimeUnit.SECONDS).data().send("hello alice");

        await().atMost(Duration.ofSeconds(10)).until(() -> bobGot.size() == 100 && aliceGot.size() == 1);
        for (int i = 0; i < 100; i++) {
            // Equality is by kind and content, bytes included.
            assertThat(bobGot.get(i)).isEqualTo(i % 10 == 0 ? DataMessage.binary(new byte[] {(byte) i, 1, 2})
                    : DataMessage.text("m" + i));
        }
        assertThat(aliceGot).containsExactly(DataMessage.text("hello alice"));
    }

    @Test
    void aFullBufferRefusesThenBecomesWritableAndNothingAcceptedIsLost() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        int accepted = 0;
        boolean refused = false;
        long bufferedBeforeRefusal = -1;
        for (int i = 0; i < 2_000 && !refused; i++) {
            // Read before sending: the channel only drains meanwhile, so this bounds what the refusal saw.
            long buffered = aliceCall.data().bufferedAmount();
            if (aliceCall.data().send(chunk)) {
                accepted++;
            } else {
                refused = true;
                bufferedBeforeRefusal = buffered;
            }
        }
        assertThat(refused).as("sending faster than the channel drains hits the 1 MiB bound").isTrue();
        assertThat(bufferedBeforeRefusal + chunk.length).as("refused only when the chunk would pass the bound")
                .isGreaterThan(CallData.MAX_BUFFERED_DATA);

        aliceCall.data().writable().toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(aliceCall.data().bufferedAmount()).isLessThanOrEqualTo(CallData.MAX_BUFFERED_DATA / 4);
        assertThat(aliceCall.data().send(chunk)).isTrue();
        int expected = accepted + 1;
        await().atMost(Duration.ofSeconds(20)).until(() -> bobGot.size() == expected);
        assertThat(bobGot).allMatch(m -> m.size() == chunk.length);
    }

    @Test
    void aFiveMegabyteFileArrivesIntactAndVerified(@TempDir Path dir) throws Exception {
        byte[] content = new byte[5 * 1024 * 1024 + 123];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("payload.bin"), content);
        String expectedSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

        String confirmed = aliceCall.data().sendFile(file).toCompletableFuture().get(60, TimeUnit.SECONDS);

        assertThat(confirmed).isNotBlank();
        await().atMost(Duration.ofSeconds(10)).until(() -> bobFiles.size() == 1);
        ReceivedFile received = bobFiles.get(0);
        assertThat(received.name()).isEqualTo("payload.bin");
        assertThat(received.size()).isEqualTo(content.length);
        assertThat(received.sha256()).isEqualTo(expectedSha);
        assertThat(Files.readAllBytes(received.path())).isEqualTo(content);
        assertThat(bobGot).as("file chunks never show up as application messages").isEmpty();
    }

    @Test
    void refusedAndOverLimitFilesFailTheSenderAndTheChannelStaysUsable(@TempDir Path dir) throws Exception {
        Path unwanted = Files.writeString(dir.resolve("unwanted.txt"), "spam");
        Path tooBig = dir.resolve("too-big.bin");
        try (var out = Files.newByteChannel(tooBig, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            out.position(BOB_MAX_FILE).write(java.nio.ByteBuffer.wrap(new byte[1])); // one byte over the limit
        }
        Path wanted = Files.writeString(dir.resolve("wanted.txt"), "hello bob");

        CompletableFuture<String> refused = aliceCall.data().sendFile(unwanted).toCompletableFuture();
        CompletableFuture<String> overLimit = aliceCall.data().sendFile(tooBig).toCompletableFuture();
        String confirmed = aliceCall.data().sendFile(wanted).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CallwireException.class)
                .cause().hasMessageContaining("refused unwanted.txt: no unwanted.txt here")
                .extracting(e -> ((CallwireException) e).reason()).isEqualTo(CallwireException.Reason.FILE_TRANSFER);
        assertThatThrownBy(() -> overLimit.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(CallwireException.class)
                .cause().hasMessageContaining("refused too-big.bin")
                .hasMessageContaining("exceeds the receiver's limit of " + BOB_MAX_FILE + " bytes");
        assertThat(confirmed).isNotBlank();
        await().atMost(Duration.ofSeconds(10)).until(() -> bobFiles.size() == 1);
        assertThat(bobFiles.get(0).name()).isEqualTo("wanted.txt");
        assertThat(Files.readString(bobFiles.get(0).path())).isEqualTo("hello bob");
        assertThat(bobOffers).as("the over-limit offer never reaches the application")
                .containsExactly("unwanted.txt", "wanted.txt");
        try (var left = Files.list(bobFiles.get(0).path().getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("nothing of the refused files is stored")
                    .noneMatch(n -> n.contains("unwanted") || n.contains("too-big"));
        }
    }
}
