package dev.callwire.webrtc.internal.media;

import dev.callwire.media.MediaRenderer;
import dev.onvoid.webrtc.media.video.I420Buffer;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands frames from a native video thread to one {@link MediaRenderer} through a "keep newest" slot. The
 * slot holds a reference to the native buffer itself, not a copy: the producer retains the new buffer and
 * releases the one it replaces (a dropped frame), the render thread releases each buffer once the renderer
 * returned, and {@link #close} releases whatever is still waiting. A buffer is thus retained at most twice
 * per renderer (one waiting, one being rendered), and a slow renderer drops frames instead of queueing them.
 * The renderer sees the buffer through one reused {@link BufferFrame}, so handing off allocates nothing.
 */
public final class RendererSlot {

    private static final Logger LOG = LoggerFactory.getLogger(RendererSlot.class);

    private final MediaRenderer renderer;
    private final Executor renderThreads;
    private final Object lock = new Object();
    private final Runnable drainTask = this::drain; // one instance: handing off a frame allocates nothing
    private final BufferFrame view; // touched by the draining thread only, and by close when none drains
    private I420Buffer waiting; // retained by this slot while here
    private int waitingRotation;
    private long waitingTimestamp;
    private boolean scheduled;
    private boolean rendering;
    private boolean closed;

    public RendererSlot(MediaRenderer renderer, Executor renderThreads) {
        this(renderer, renderThreads, Libyuv.get());
    }

    RendererSlot(MediaRenderer renderer, Executor renderThreads, Libyuv yuv) {
        this.renderer = renderer;
        this.renderThreads = renderThreads;
        this.view = new BufferFrame(yuv);
    }

    public MediaRenderer renderer() {
        return renderer;
    }

    /**
     * Called on a native thread: keeps a reference to {@code buffer} (the caller keeps its own) and schedules
     * delivery if none is pending. Never blocks on the renderer.
     */
    public void offer(I420Buffer buffer, int rotation, long timestampNanos) {
        I420Buffer dropped;
        boolean schedule = false;
        synchronized (lock) {
            if (closed) {
                return;
            }
            buffer.retain();
            dropped = waiting;
            waiting = buffer;
            waitingRotation = rotation;
            waitingTimestamp = timestampNanos;
            if (!scheduled) {
                scheduled = true;
                schedule = true;
            }
        }
        if (dropped != null) {
            dropped.release();
        }
        if (schedule) {
            try {
                renderThreads.execute(drainTask);
            } catch (RuntimeException rejected) {
                I420Buffer stranded;
                synchronized (lock) {
                    scheduled = false;
                    stranded = waiting;
                    waiting = null;
                }
                if (stranded != null) {
                    stranded.release();
                }
            }
        }
    }

    private void drain() {
        while (true) {
            I420Buffer frame;
            int rotation;
            long timestamp;
            synchronized (lock) {
                if (waiting == null || closed) {
                    scheduled = false;
                    return;
                }
                frame = waiting;
                rotation = waitingRotation;
                timestamp = waitingTimestamp;
                waiting = null;
                rendering = true;
            }
            try {
                view.bind(frame, rotation, timestamp);
                renderer.onFrame(view);
            } catch (Throwable t) {
                LOG.warn("Video renderer {} threw; it keeps receiving frames", renderer, t);
            } finally {
                view.unbind();
                frame.release();
                boolean closeView;
                synchronized (lock) {
                    rendering = false;
                    closeView = closed;
                }
                if (closeView) {
                    view.close();
                }
            }
        }
    }

    /**
     * No more frames: releases the waiting buffer now and the one being rendered (if any) when the renderer
     * returns, then the view's native scaling buffer. Idempotent.
     */
    public void close() {
        I420Buffer dropped;
        boolean closeView;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            dropped = waiting;
            waiting = null;
            closeView = !rendering;
        }
        if (dropped != null) {
            dropped.release();
        }
        if (closeView) {
            view.close();
        }
    }
}
