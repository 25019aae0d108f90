package dev.callwire.webrtc.internal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.callwire.media.VideoFrame;
import dev.onvoid.webrtc.media.video.I420Buffer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RendererSlotTest {

    private final ExecutorService renderThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        renderThread.shutdownNow();
    }

    private static I420Buffer buffer(int lumaValue) {
        I420Buffer buffer = mock(I420Buffer.class);
        byte[] y = new byte[4 * 4];
        java.util.Arrays.fill(y, (byte) lumaValue);
        when(buffer.getWidth()).thenReturn(4);
        when(buffer.getHeight()).thenReturn(4);
        when(buffer.getDataY()).thenReturn(ByteBuffer.wrap(y));
        when(buffer.getDataU()).thenReturn(ByteBuffer.wrap(new byte[4]));
        when(buffer.getDataV()).thenReturn(ByteBuffer.wrap(new byte[4]));
        when(buffer.getStrideY()).thenReturn(4);
        when(buffer.getStrideU()).thenReturn(2);
        when(buffer.getStrideV()).thenReturn(2);
        return buffer;
    }

    @Test
    void aBusyRendererGetsOnlyTheNewestFrameAndFramesAreReused() throws Exception {
        CountDownLatch firstFrameEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<VideoFrame> instances = new CopyOnWriteArrayList<>();
        RendererSlot slot = new RendererSlot(frame -> {
            seen.add(frame.lumaAt(0, 0));
            instances.add(frame);
            firstFrameEntered.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, renderThread);

        slot.offer(buffer(1), 0, 1);
        assertThat(firstFrameEntered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int luma = 2; luma <= 9; luma++) {
            slot.offer(buffer(luma), 0, luma); // the renderer is stuck: these replace each other
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly(1, 9);
        for (int luma = 10; luma <= 12; luma++) {
            slot.offer(buffer(luma), 0, luma);
            int expected = luma;
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.get(seen.size() - 1) == expected);
        }
        assertThat(instances.stream().distinct().count()).as("frames are recycled, not allocated").isLessThanOrEqualTo(3);
    }

    @Test
    void aThrowingRendererKeepsReceivingFramesAndAClosedSlotNone() {
        List<Long> timestamps = new CopyOnWriteArrayList<>();
        RendererSlot slot = new RendererSlot(frame -> {
            timestamps.add(frame.timestampNanos());
            throw new IllegalStateException("renderer bug");
        }, renderThread);

        slot.offer(buffer(1), 0, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> timestamps.size() == 1);
        slot.offer(buffer(2), 0, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> timestamps.size() == 2);

        slot.close();
        slot.offer(buffer(3), 0, 3);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> timestamps.size() == 2);
    }

    /** What {@link VideoFanout} does: the slot takes its own reference, the producer drops its one. */
    private static CountingBuffer offerAndDrop(RendererSlot slot, CountingBuffer buffer, long timestamp) {
        slot.offer(buffer, 0, timestamp);
        buffer.release();
        return buffer;
    }

    @Test
    void everyBufferIsReleasedOnceRenderedOrReplacedAndNoneBeforeTheRendererReturns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> rendered = new CopyOnWriteArrayList<>();
        RendererSlot slot = new RendererSlot(frame -> {
            rendered.add(frame.timestampNanos());
            entered.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, renderThread);

        CountingBuffer first = offerAndDrop(slot, CountingBuffer.flat(8, 8, 50), 1);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        CountingBuffer second = offerAndDrop(slot, CountingBuffer.flat(8, 8, 60), 2);
        CountingBuffer third = offerAndDrop(slot, CountingBuffer.flat(8, 8, 70), 3);
        assertThat(first.balanced()).as("still being rendered").isFalse();
        assertThat(second.balanced()).as("replaced while waiting: released at once").isTrue();
        assertThat(third.balanced()).as("waiting").isFalse();

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> rendered.size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.balanced() && third.balanced());
        assertThat(rendered).containsExactly(1L, 3L);
        assertThat(first.retains.get() + second.retains.get() + third.retains.get()).isEqualTo(3);
        slot.close();
    }

    @Test
    void closeReleasesTheWaitingBufferAtOnceAndTheRenderedOneWhenTheRendererReturns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RendererSlot slot = new RendererSlot(frame -> {
            entered.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            frame.toArgb(new int[frame.width() * frame.height()]); // still readable: the slot holds it
        }, renderThread);
        CountingBuffer rendering = offerAndDrop(slot, CountingBuffer.flat(8, 8, 50), 1);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        CountingBuffer waiting = offerAndDrop(slot, CountingBuffer.flat(8, 8, 60), 2);

        slot.close();
        slot.close(); // idempotent
        assertThat(waiting.balanced()).isTrue();
        assertThat(rendering.balanced()).isFalse();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(rendering::balanced);

        CountingBuffer late = offerAndDrop(slot, CountingBuffer.flat(8, 8, 70), 3);
        assertThat(late.retains.get()).as("a closed slot takes no reference").isZero();
    }

    @Test
    void aRejectedHandOffReleasesTheBuffer() {
        RendererSlot slot = new RendererSlot(frame -> { }, task -> {
            throw new java.util.concurrent.RejectedExecutionException("render threads stopped");
        });
        CountingBuffer buffer = offerAndDrop(slot, CountingBuffer.flat(8, 8, 50), 1);
        assertThat(buffer.balanced()).isTrue();
        slot.close();
    }

    @Test
    void aNativeBackedFrameIsConvertedByLibyuvAndReleased() {
        dev.callwire.webrtc.internal.natives.NativeWebRtc.load();
        List<Integer> colours = new CopyOnWriteArrayList<>();
        RendererSlot slot = new RendererSlot(frame -> {
            int[] tile = new int[4 * 3];
            frame.toArgb(tile, 4, 3);
            colours.add(tile[5]);
        }, renderThread);
        CountingBuffer buffer = offerAndDrop(slot, CountingBuffer.direct(64, 48, 235), 1); // luma 235: white
        await().atMost(Duration.ofSeconds(5)).until(() -> colours.size() == 1 && buffer.balanced());
        assertThat(colours.get(0) & 0xffffff).isGreaterThanOrEqualTo(0xfafafa);
        slot.close();
    }
}
