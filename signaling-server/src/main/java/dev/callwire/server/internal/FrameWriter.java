package dev.callwire.server.internal;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * Server frames (unmasked, RFC 6455 section 5.1) written in order with Jetty's asynchronous
 * {@link EndPoint#write(Callback, ByteBuffer...)}: one write at a time, frames sent meanwhile queued and written
 * together by the next one. Each frame's callback completes once its bytes were written, or fails (the connection
 * broke, or too many data frames were waiting: the client is not reading); the transports' {@code written(int)}
 * accounting relies on exactly one completion per frame.
 *
 * <p>Idle, it holds no buffer and no queue (the queue is made by the first frame that has to wait). It is the
 * callback of its own writes, so writing allocates nothing beyond the frames. A write that completes inside
 * {@code EndPoint.write} is followed by the next one in the same loop, not by recursion.
 */
final class FrameWriter implements Callback {

    private record Pending(ByteBuffer[] buffers, Callback callback) {
    }

    private final EndPoint endPoint;
    private final int maxQueued;
    // Guarded by this.
    private ArrayDeque<Pending> queue;
    /** The callback (or list of callbacks) of the write in flight; {@code null} when none is. */
    private Object inFlight;
    /** A thread is inside {@code endPoint.write}: it, not the completion, issues the next write. */
    private boolean writing;
    /** A close frame was accepted: nothing may follow it. */
    private boolean outputClosed;
    private Throwable failure;

    /** @param maxQueued data frames allowed to wait behind the write in flight (control frames always may) */
    FrameWriter(EndPoint endPoint, int maxQueued) {
        this.endPoint = endPoint;
        this.maxQueued = maxQueued;
    }

    /** One unmasked frame with FIN set. */
    static ByteBuffer[] frame(int opCode, byte[] payload) {
        int length = payload.length;
        byte[] header = length < 126 ? new byte[2] : length <= 0xFFFF ? new byte[4] : new byte[10];
        header[0] = (byte) (0x80 | opCode);
        if (length < 126) {
            header[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            header[1] = 126;
            header[2] = (byte) (length >>> 8);
            header[3] = (byte) length;
        } else {
            header[1] = 127;
            ByteBuffer.wrap(header, 2, 8).putLong(length);
        }
        return length == 0 ? new ByteBuffer[] {ByteBuffer.wrap(header)}
                : new ByteBuffer[] {ByteBuffer.wrap(header), ByteBuffer.wrap(payload)};
    }

    /** A close frame's payload: the code, then as much of the reason as fits in 125 bytes (cut on a character). */
    static byte[] closePayload(int code, String reason) {
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 123);
        while (length < text.length && length > 0 && (text[length] & 0xC0) == 0x80) {
            length--; // not inside a multi-byte character
        }
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, length);
        return payload;
    }

    /**
     * Queues a frame.
     *
     * @param control  a ping, pong or close: never refused for the queue's length
     * @param last     a close frame: frames sent after it are failed
     * @return whether the frame was accepted (else {@code callback} was failed)
     */
    boolean send(ByteBuffer[] frame, Callback callback, boolean control, boolean last) {
        Throwable refused = null;
        boolean writeNow = false;
        synchronized (this) {
            if (failure != null || outputClosed) {
                refused = failure != null ? failure : new ClosedChannelException();
            } else if (inFlight != null || writing) {
                if (!control && queue != null && queue.size() >= maxQueued) {
                    refused = new IllegalStateException("more than " + maxQueued + " frames waiting to be written");
                } else {
                    if (queue == null) {
                        queue = new ArrayDeque<>();
                    }
                    queue.add(new Pending(frame, callback));
                }
            } else {
                inFlight = callback;
                writing = true;
                writeNow = true;
            }
            outputClosed |= last && refused == null;
        }
        if (refused != null) {
            callback.failed(refused);
            return false;
        }
        if (writeNow) {
            writeFrom(frame);
        }
        return true;
    }

    private void writeFrom(ByteBuffer[] first) {
        ByteBuffer[] next = first;
        while (next != null) {
            endPoint.write(this, next);
            synchronized (this) {
                writing = false;
                next = inFlight == null ? takeQueued() : null;
            }
        }
    }

    /** Under the lock: everything queued as one gathering write, made the write in flight; {@code null} if none. */
    private ByteBuffer[] takeQueued() {
        if (queue == null || queue.isEmpty() || failure != null) {
            return null;
        }
        writing = true;
        if (queue.size() == 1) {
            Pending only = queue.poll();
            inFlight = only.callback();
            return only.buffers();
        }
        List<Callback> callbacks = new ArrayList<>(queue.size());
        List<ByteBuffer> buffers = new ArrayList<>(queue.size() * 2);
        for (Pending pending; (pending = queue.poll()) != null; ) {
            callbacks.add(pending.callback());
            Collections.addAll(buffers, pending.buffers());
        }
        inFlight = callbacks;
        return buffers.toArray(new ByteBuffer[0]);
    }

    @Override
    public void succeeded() {
        Object done;
        ByteBuffer[] next = null;
        synchronized (this) {
            done = inFlight;
            inFlight = null;
            if (!writing) {
                next = takeQueued();
            }
        }
        complete(done, null);
        if (next != null) {
            writeFrom(next);
        }
    }

    @Override
    public void failed(Throwable cause) {
        Object done;
        synchronized (this) {
            done = inFlight;
            inFlight = null;
        }
        complete(done, cause);
        fail(cause);
        endPoint.close(cause);
    }

    /** Fails what waits and refuses what comes; the write in flight is failed by Jetty when the end point closes. */
    void fail(Throwable cause) {
        ArrayDeque<Pending> dropped;
        Throwable reason;
        synchronized (this) {
            if (failure == null) {
                failure = cause != null ? cause : new ClosedChannelException();
            }
            reason = failure;
            dropped = queue;
            queue = null;
        }
        if (dropped != null) {
            for (Pending pending : dropped) {
                pending.callback().failed(reason);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void complete(Object done, Throwable failure) {
        if (done instanceof Callback callback) {
            complete(callback, failure);
        } else if (done != null) {
            for (Callback callback : (List<Callback>) done) {
                complete(callback, failure);
            }
        }
    }

    private static void complete(Callback callback, Throwable failure) {
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
    }
}
