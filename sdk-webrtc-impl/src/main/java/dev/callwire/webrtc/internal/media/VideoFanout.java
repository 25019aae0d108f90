package dev.callwire.webrtc.internal.media;

import dev.callwire.media.MediaRenderer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one native sink on a video track: hands each frame's buffer to every attached renderer's slot, which
 * keeps its own reference, and releases the sink's reference at once. libwebrtc's threads never wait for a
 * renderer and nothing is copied here (webrtc-java already gives the sink its own copy of the picture).
 */
public final class VideoFanout implements VideoTrackSink {

    private final CopyOnWriteArrayList<RendererSlot> slots = new CopyOnWriteArrayList<>();
    private final Executor renderThreads;
    private final AtomicLong frames = new AtomicLong();

    private final Runnable onFirstFrame;

    public VideoFanout(Executor renderThreads) {
        this(renderThreads, () -> { });
    }

    /** {@code onFirstFrame} runs on the native video thread with the first frame: it must only record. */
    public VideoFanout(Executor renderThreads, Runnable onFirstFrame) {
        this.renderThreads = renderThreads;
        this.onFirstFrame = onFirstFrame;
    }

    @Override
    public void onVideoFrame(VideoFrame frame) {
        try {
            if (frames.incrementAndGet() == 1) {
                onFirstFrame.run();
            }
            if (slots.isEmpty()) {
                return;
            }
            var buffer = frame.buffer.toI420();
            for (RendererSlot slot : slots) {
                slot.offer(buffer, frame.rotation, frame.timestampNs);
            }
        } finally {
            frame.release();
        }
    }

    /** Adds a renderer once; synchronized so two threads adding the same renderer cannot both succeed. */
    public synchronized void add(MediaRenderer renderer) {
        if (slots.stream().noneMatch(s -> s.renderer() == renderer)) {
            slots.add(new RendererSlot(renderer, renderThreads));
        }
    }

    public synchronized void remove(MediaRenderer renderer) {
        for (RendererSlot slot : slots) {
            if (slot.renderer() == renderer) {
                slot.close();
                slots.remove(slot);
            }
        }
    }

    public synchronized void clear() {
        slots.forEach(RendererSlot::close);
        slots.clear();
    }

    /** Frames seen so far, rendered or not. */
    public long frameCount() {
        return frames.get();
    }
}
