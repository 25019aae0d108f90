package dev.callwire.webrtc.internal.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/** A file on its way out and where its transfer stands; confined to the call's send lane. */
final class OutgoingFile {

    /** Where a transfer stands: hashing, waiting for the channel, for the decision, streaming, for the ack. */
    enum Phase { HASHING, OPENING, OFFERED, STREAMING, AWAITING_ACK }

    final String id;
    final Path file;
    final CompletableFuture<String> result = new CompletableFuture<>();
    String name;
    long size;
    String sha256;
    FileChannel in;
    MessageDigest digest;
    long hashed;
    ByteBuffer hashBuffer; // reused while hashing, dropped after
    Phase phase = Phase.HASHING;
    long sent;
    long deadline;
    long lastBuffered;

    OutgoingFile(String id, Path file) {
        this.id = id;
        this.file = file;
        this.name = String.valueOf(file.getFileName());
    }

    void open() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a regular file: " + file);
        }
        size = Files.size(file);
        in = FileChannel.open(file, StandardOpenOption.READ);
        digest = Sha256.newDigest();
    }

    /** @return whether more is left to hash */
    boolean hashSlice(int sliceBytes) throws IOException {
        if (hashBuffer == null) {
            hashBuffer = ByteBuffer.allocate((int) Math.min(sliceBytes, Math.max(1, size)));
        }
        hashBuffer.clear().limit((int) Math.min(hashBuffer.capacity(), Math.max(1, size - hashed)));
        int n = in.read(hashBuffer);
        if (n > 0) {
            digest.update(hashBuffer.array(), 0, n);
            hashed += n;
        }
        if (hashed < size && n >= 0) {
            return true;
        }
        if (hashed != size) {
            throw new IOException("the file changed while it was being read");
        }
        hashBuffer = null;
        sha256 = Sha256.hex(digest);
        new FileControl.Start(id, name, size, sha256); // fails early on a name the protocol cannot carry
        in.position(0);
        return false;
    }

    byte[] read(int n) throws IOException {
        byte[] bytes = new byte[n];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                throw new IOException("the file got shorter while it was being sent");
            }
        }
        return bytes;
    }

    void closeFile() {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            LoggerFactory.getLogger(OutgoingFile.class).debug("closing {}: {}", file, e.toString());
        }
    }
}
