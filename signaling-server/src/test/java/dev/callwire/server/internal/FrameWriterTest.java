package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

    /** The writes issued to the end point, each as the text of its frames' payloads, and their callbacks. */
    private final List<String> writes = new ArrayList<>();
    private final List<Callback> pendingWrites = new ArrayList<>();
    private final List<String> completions = new ArrayList<>();
    private boolean completeInline;
    private final EndPoint endPoint = mock(EndPoint.class);
    private final FrameWriter writer = new FrameWriter(endPoint, 2);

    FrameWriterTest() {
        doAnswer(call -> {
            Object[] args = call.getArguments();
            StringBuilder text = new StringBuilder();
            for (int i = 1; i < args.length; i++) {
                ByteBuffer buffer = (ByteBuffer) args[i];
                if (buffer.remaining() > 2 || (buffer.remaining() > 0 && buffer.get(buffer.position()) >= 'a')) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.duplicate().get(bytes);
                    text.append(new String(bytes, StandardCharsets.UTF_8)).append(' ');
                }
            }
            writes.add(text.toString().trim());
            Callback callback = call.getArgument(0);
            if (completeInline) {
                callback.succeeded();
            } else {
                pendingWrites.add(callback);
            }
            return null;
        }).when(endPoint).write(any(Callback.class), any(ByteBuffer[].class));
    }

    private boolean send(String text) {
        return writer.send(FrameWriter.frame(FrameParser.TEXT, text.getBytes(StandardCharsets.UTF_8)),
                Callback.from(() -> completions.add(text + " ok"), e -> completions.add(text + " "
                        + e.getClass().getSimpleName())), false, false);
    }

    @Test
    void framesSentDuringAWriteFollowItTogetherAndInOrder() {
        send("aaa");
        send("bbb");
        send("ccc");
        assertThat(writes).containsExactly("aaa");

        pendingWrites.remove(0).succeeded();
        assertThat(completions).containsExactly("aaa ok");
        assertThat(writes).containsExactly("aaa", "bbb ccc");

        pendingWrites.remove(0).succeeded();
        assertThat(completions).containsExactly("aaa ok", "bbb ok", "ccc ok");
    }

    @Test
    void writesCompletingInlineDoNotRecurse() {
        completeInline = true;
        for (int i = 0; i < 10_000; i++) {
            send("m" + i);
        }
        assertThat(completions).hasSize(10_000).allMatch(c -> c.endsWith(" ok"));
        assertThat(writes).hasSize(10_000);
    }

    @Test
    void dataFramesBeyondTheQueueLimitAreRefusedButControlFramesPass() {
        send("aaa");
        send("bbb");
        send("ccc");
        assertThat(send("ddd")).isFalse();
        assertThat(completions).containsExactly("ddd IllegalStateException");

        boolean pong = writer.send(FrameWriter.frame(FrameParser.PONG, new byte[] {'p', 'p', 'p'}), Callback.NOOP,
                true, false);
        assertThat(pong).isTrue();
    }

    @Test
    void nothingFollowsACloseFrameAndWaitingFramesFailOnClose() {
        send("aaa");
        send("bbb");
        writer.send(FrameWriter.frame(FrameParser.CLOSE, FrameWriter.closePayload(1000, "bye")), Callback.NOOP,
                true, true);
        assertThat(send("late")).isFalse();
        assertThat(completions).containsExactly("late ClosedChannelException");

        writer.fail(new ClosedChannelException());
        assertThat(completions).containsExactly("late ClosedChannelException", "bbb ClosedChannelException");
    }

    @Test
    void aFailedWriteFailsItsFramesAndClosesTheEndPoint() {
        send("aaa");
        send("bbb");
        pendingWrites.remove(0).failed(new java.io.IOException("reset"));
        assertThat(completions).containsExactly("aaa IOException", "bbb IOException");
        org.mockito.Mockito.verify(endPoint).close(any(Throwable.class));
    }
}
