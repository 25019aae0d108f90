package dev.callwire.webrtc.internal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A {@link ChannelPort} that records what is sent. Like a real channel, what is sent counts as buffered until
 * the test "delivers" it with {@link #drain()}; {@link #peer} may forward each message to the other side.
 */
final class FakePort implements ChannelPort {

    boolean open = true;
    long buffered;
    long maxBuffered;
    final List<byte[]> chunks = new ArrayList<>();
    final List<FileControl> controls = new ArrayList<>();
    BiConsumer<byte[], Boolean> peer;

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public long bufferedAmount() {
        return buffered;
    }

    @Override
    public boolean send(byte[] bytes, boolean binary) {
        if (!open) {
            return false;
        }
        if (binary) {
            chunks.add(bytes);
        } else {
            try {
                controls.add(FileControlCodec.decode(bytes));
            } catch (FileControlCodec.MalformedControlException e) {
                throw new AssertionError("sent a malformed control message", e);
            }
        }
        buffered += bytes.length;
        maxBuffered = Math.max(maxBuffered, buffered);
        if (peer != null) {
            peer.accept(bytes, binary);
        }
        return true;
    }

    void drain() {
        buffered = 0;
    }

    long binaryBytes() {
        return chunks.stream().mapToLong(c -> c.length).sum();
    }

    <T extends FileControl> List<T> sent(Class<T> type) {
        return controls.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
