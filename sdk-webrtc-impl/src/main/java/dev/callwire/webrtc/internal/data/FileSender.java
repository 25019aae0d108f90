package dev.callwire.webrtc.internal.data;

import dev.callwire.CallwireException;
import dev.callwire.CallwireException.Reason;
import dev.callwire.webrtc.internal.data.FileControl.Abort;
import dev.callwire.webrtc.internal.data.FileControl.Accept;
import dev.callwire.webrtc.internal.data.FileControl.Ack;
import dev.callwire.webrtc.internal.data.FileControl.End;
import dev.callwire.webrtc.internal.data.FileControl.Refuse;
import dev.callwire.webrtc.internal.data.FileControl.Start;
import dev.callwire.webrtc.internal.data.OutgoingFile.Phase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one call's file transfers, one file at a time in the order asked: hash, offer, wait for the
 * decision, stream, wait for the acknowledgement. Nothing here waits on a thread. Every step runs on the call's
 * send lane and returns when it has to wait; it is run again by a channel event ({@link #poke()}), by a message of
 * the receiver ({@link #onControl}), or by a short re-check timer, because webrtc-java 0.14 does not report every
 * change of the buffered amount. Chunks are handed out only while the channel holds at most the high-water mark,
 * so one slow receiver only slows its own call.
 */
final class FileSender {

    private static final Logger LOG = LoggerFactory.getLogger(FileSender.class);

    private final CallContext call;
    private final Executor lane;
    private final Supplier<ChannelPort> channel;
    private final FileSettings settings;
    private final AtomicBoolean poked = new AtomicBoolean();
    private final ArrayDeque<OutgoingFile> queue = new ArrayDeque<>();
    private OutgoingFile active;
    private Future<?> recheck;
    private long recheckAt;
    private boolean closed;

    FileSender(CallContext call, Executor lane, Supplier<ChannelPort> channel, FileSettings settings) {
        this.call = call;
        this.lane = lane;
        this.channel = channel;
        this.settings = settings;
    }

    /** Any thread. */
    CompletableFuture<String> send(Path file) {
        OutgoingFile transfer = new OutgoingFile(UUID.randomUUID().toString(), file);
        try {
            lane.execute(() -> enqueue(transfer));
        } catch (RejectedExecutionException e) {
            transfer.result.completeExceptionally(new CallwireException(Reason.CLOSED, "client is closed", e));
        }
        return transfer.result;
    }

    /** Any thread, libwebrtc's included: the channel's state or buffered amount changed. */
    void poke() {
        if (poked.compareAndSet(false, true)) {
            handOn(() -> {
                poked.set(false);
                pump();
            });
        }
    }

    /** Any thread: {@code accept}, {@code refuse}, {@code ack} or {@code abort} from the receiver. */
    void onControl(FileControl message) {
        handOn(() -> handle(message));
    }

    /** Any thread: the call ended. Fails what is queued or in progress; completes once done. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable close = () -> {
            closed = true;
            cancelRecheck();
            CallwireException ended = new CallwireException(Reason.CALL_ENDED, "call " + call.callId() + " ended");
            if (active != null) {
                finish(active, ended);
            }
            queue.forEach(t -> complete(t, ended));
            queue.clear();
            done.complete(null);
        };
        try {
            lane.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();
        }
        return done;
    }

    private void enqueue(OutgoingFile transfer) {
        if (closed) {
            complete(transfer, new CallwireException(Reason.CALL_ENDED, "call " + call.callId() + " ended"));
            return;
        }
        queue.add(transfer);
        if (active == null) {
            startNext();
        }
    }

    private void startNext() {
        active = queue.poll();
        if (active == null) {
            return;
        }
        OutgoingFile t = active;
        try {
            t.open();
        } catch (IOException | RuntimeException e) {
            finish(t, failure(t, e));
            return;
        }
        handOn(() -> hashSlice(t));
    }

    /** One slice at a time, so that other calls' file work takes turns on the shared threads. */
    private void hashSlice(OutgoingFile t) {
        if (active != t || closed) {
            return;
        }
        try {
            if (t.hashSlice(settings.hashSlice())) {
                handOn(() -> hashSlice(t));
                return;
            }
            t.phase = Phase.OPENING;
            t.deadline = call.nanoTime() + settings.openTimeout().toNanos();
            pump();
        } catch (IOException | RuntimeException e) {
            finish(t, failure(t, e));
        }
    }

    private void pump() {
        OutgoingFile t = active;
        if (closed || t == null || t.phase == Phase.HASHING) {
            return;
        }
        try {
            switch (t.phase) {
                case OPENING -> offerWhenOpen(t);
                case OFFERED -> checkDeadline(t, "the receiver did not accept or refuse the file within "
                        + settings.decisionTimeout().toSeconds() + " s");
                case STREAMING -> stream(t);
                default -> awaitAck(t);
            }
        } catch (CallwireException e) {
            abort(t, e);
        } catch (IOException | RuntimeException e) {
            abort(t, failure(t, e));
        }
        if (active == t) {
            scheduleRecheck(t);
        }
    }

    private void offerWhenOpen(OutgoingFile t) {
        ChannelPort port = channel.get();
        if (port != null && port.isOpen()
                && port.send(FileControlCodec.encode(new Start(t.id, t.name, t.size, t.sha256)), false)) {
            t.phase = Phase.OFFERED;
            t.deadline = call.nanoTime() + settings.decisionTimeout().toNanos();
            LOG.debug("{}: offered file {} ({} bytes) as {}", call.label(), t.name, t.size, t.id);
            return;
        }
        checkDeadline(t, "the file channel did not open within " + settings.openTimeout().toSeconds() + " s");
    }

    private void stream(OutgoingFile t) throws IOException {
        ChannelPort port = openPort();
        noteProgress(t, port.bufferedAmount());
        while (t.sent < t.size) {
            int n = (int) Math.min(settings.chunkSize(), t.size - t.sent);
            long buffered = port.bufferedAmount();
            if (buffered + n > settings.highWater()) {
                t.lastBuffered = buffered;
                checkDeadline(t, "the file channel made no progress for " + settings.stallTimeout().toSeconds() + " s");
                return; // an event or the re-check timer continues
            }
            if (!port.send(t.read(n), true)) {
                throw new CallwireException(Reason.MEDIA_ENGINE, "the file channel refused data");
            }
            t.sent += n;
            t.lastBuffered = buffered + n;
            t.deadline = call.nanoTime() + settings.stallTimeout().toNanos();
        }
        if (!port.send(FileControlCodec.encode(new End(t.id)), false)) {
            throw new CallwireException(Reason.MEDIA_ENGINE, "the file channel refused the end of the file");
        }
        t.phase = Phase.AWAITING_ACK;
        LOG.info("{}: sent file {} ({} bytes), waiting for the receiver to confirm", call.label(), t.name, t.size);
    }

    private void awaitAck(OutgoingFile t) {
        noteProgress(t, openPort().bufferedAmount());
        checkDeadline(t, "the receiver did not confirm the file within " + settings.stallTimeout().toSeconds() + " s");
    }

    private void handle(FileControl message) {
        OutgoingFile t = active;
        if (closed || t == null || !t.id.equals(message.id())) {
            LOG.debug("{}: {} is for no transfer of ours; ignored", call.label(), message);
            return;
        }
        if (message instanceof Abort abort) {
            finish(t, new CallwireException(Reason.FILE_TRANSFER, "the receiver aborted " + t.name + ": "
                    + orNoReason(abort.reason())));
        } else if (message instanceof Accept && t.phase == Phase.OFFERED) {
            t.phase = Phase.STREAMING;
            t.deadline = call.nanoTime() + settings.stallTimeout().toNanos();
            pump();
        } else if (message instanceof Refuse refuse && t.phase == Phase.OFFERED) {
            LOG.info("{}: the receiver refused file {}: {}", call.label(), t.name, refuse.reason());
            finish(t, new CallwireException(Reason.FILE_TRANSFER, "the receiver refused " + t.name + ": "
                    + orNoReason(refuse.reason())));
        } else if (message instanceof Ack ack && t.phase == Phase.AWAITING_ACK) {
            finish(t, ack.ok() ? null : new CallwireException(Reason.FILE_TRANSFER, "the receiver rejected "
                    + t.name + ": " + orNoReason(ack.reason())));
        } else {
            abort(t, new CallwireException(Reason.MEDIA_ENGINE, "the receiver sent an unexpected "
                    + message.getClass().getSimpleName().toLowerCase() + " while the transfer was " + t.phase));
        }
    }

    private static String orNoReason(String reason) {
        return reason.isEmpty() ? "no reason given" : reason;
    }

    private ChannelPort openPort() {
        ChannelPort port = channel.get();
        if (port == null || !port.isOpen()) {
            throw new CallwireException(Reason.MEDIA_ENGINE, "the file channel closed");
        }
        return port;
    }

    private void noteProgress(OutgoingFile t, long buffered) {
        if (buffered < t.lastBuffered) {
            t.deadline = call.nanoTime() + settings.stallTimeout().toNanos();
        }
        t.lastBuffered = buffered;
    }

    private void checkDeadline(OutgoingFile t, String message) {
        if (call.nanoTime() - t.deadline > 0) {
            throw new CallwireException(Reason.TIMEOUT, message);
        }
    }

    /** Fails the transfer and tells the receiver, which then deletes what it has. */
    private void abort(OutgoingFile t, CallwireException error) {
        ChannelPort port = channel.get();
        if (t.phase != Phase.HASHING && t.phase != Phase.OPENING && port != null) {
            port.send(FileControlCodec.encode(new Abort(t.id, error.getMessage())), false);
        }
        finish(t, error);
    }

    /** Ends the active transfer ({@code error == null}: confirmed) and starts the next one. */
    private void finish(OutgoingFile t, CallwireException error) {
        t.closeFile();
        active = null;
        cancelRecheck();
        if (error != null) {
            LOG.warn("{}: sending file {} failed: {}", call.label(), t.name, error.getMessage());
        } else {
            LOG.info("{}: the receiver confirmed file {}", call.label(), t.name);
        }
        complete(t, error);
        if (!closed) {
            startNext();
        }
    }

    private void complete(OutgoingFile t, CallwireException error) {
        Runnable completion = error == null ? () -> t.result.complete(t.id)
                : () -> t.result.completeExceptionally(error);
        call.completeOnEvents(completion);
    }

    private CallwireException failure(OutgoingFile t, Exception e) {
        return e instanceof CallwireException ce ? ce : new CallwireException(Reason.MEDIA_ENGINE,
                "sending " + t.file + " failed: " + e.getMessage(), e);
    }

    /** While waiting for the decision only the deadline matters; otherwise look again shortly. */
    private void scheduleRecheck(OutgoingFile t) {
        long now = call.nanoTime();
        long delayMillis = t.phase == Phase.OFFERED || t.phase == Phase.AWAITING_ACK && t.lastBuffered == 0
                ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(t.deadline - now) + 1)
                : settings.recheck().toMillis();
        long at = now + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        if (recheck != null && !recheck.isDone() && recheckAt - at <= 0) {
            return; // one that comes sooner is already set
        }
        cancelRecheck();
        recheckAt = at;
        recheck = call.schedule(() -> handOn(this::pump), delayMillis);
    }

    private void cancelRecheck() {
        if (recheck != null) {
            recheck.cancel(false);
            recheck = null;
        }
    }

    private void handOn(Runnable task) {
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: file threads closed; file work dropped", call.label());
        }
    }
}
