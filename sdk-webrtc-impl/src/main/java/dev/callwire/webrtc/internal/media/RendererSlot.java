package dev.callwire.webrtc.internal.media;

import dev.callwire.media.MediaRenderer;
import dev.onvoid.webrtc.media.video.I420Buffer;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands frames from a native video thread to one {@link MediaRenderer} through a "keep newest" slot
 * of three reused frames: the producer only copies and swaps, the renderer runs on a render thread, and a
 * slow renderer drops frames instead of queueing them. No allocation after the first frame of a size.
 */
public final class RendererSlot {

    private static final Logger LOG = LoggerFactory.getLogger(RendererSlot.class);

    private final MediaRenderer renderer;
    private final Executor renderThreads;
    private final Object lock = new Object();
    private final Runnable drainTask = this::drain; // one instance: handing off a frame allocates nothing
    private I420Frame writing = new I420Frame();
    private I420Frame waiting = new I420Frame();
    private I420Frame rendering = new I420Frame();
    private boolean hasWaiting;
    private boolean scheduled;
    private boolean closed;

    public RendererSlot(MediaRenderer renderer, Executor renderThreads) {
        this.renderer = renderer;
        this.renderThreads = renderThreads;
    }

    public MediaRenderer renderer() {
        return renderer;
    }

    /** Called on a native thread: copies the frame and schedules delivery if none is pending. */
    public void offer(I420Buffer buffer, int rotation, long timestampNanos) {
        boolean schedule = false;
        synchronized (lock) {
            if (closed) {
                return;
            }
            writing.fill(buffer.getWidth(), buffer.getHeight(), rotation, timestampNanos,
                    buffer.getDataY(), buffer.getStrideY(), buffer.getDataU(), buffer.getStrideU(),
                    buffer.getDataV(), buffer.getStrideV());
            I420Frame swap = waiting;
            waiting = writing;
            writing = swap;
            hasWaiting = true;
            if (!scheduled) {
                scheduled = true;
                schedule = true;
            }
        }
        if (schedule) {
            try {
                renderThreads.execute(drainTask);
            } catch (RuntimeException rejected) {
                synchronized (lock) {
                    scheduled = false;
                }
            }
        }
    }

    private void drain() {
        while (true) {
            I420Frame frame;
            synchronized (lock) {
                if (!hasWaiting || closed) {
                    scheduled = false;
                    return;
                }
                I420Frame swap = rendering;
                rendering = waiting;
                waiting = swap;
                hasWaiting = false;
                frame = rendering;
            }
            try {
                renderer.onFrame(frame);
            } catch (Throwable t) {
                LOG.warn("Video renderer {} threw; it keeps receiving frames", renderer, t);
            }
        }
    }

    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }
}
