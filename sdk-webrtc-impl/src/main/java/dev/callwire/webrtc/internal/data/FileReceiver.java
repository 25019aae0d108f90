package dev.callwire.webrtc.internal.data;

import dev.callwire.CallwireException;
import dev.callwire.ReceivedFile;
import dev.callwire.webrtc.internal.data.FileControl.Abort;
import dev.callwire.webrtc.internal.data.FileControl.Accept;
import dev.callwire.webrtc.internal.data.FileControl.Ack;
import dev.callwire.webrtc.internal.data.FileControl.End;
import dev.callwire.webrtc.internal.data.FileControl.Refuse;
import dev.callwire.webrtc.internal.data.FileControl.Start;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one call's file transfers: offer, decision, content, verification. One transfer at a time
 * (a sender starts the next only after the previous one finished). Every method runs on the call's receive lane;
 * decisions and time-outs from other threads come back through it.
 *
 * <p>A transfer is given up (the partial file deleted, the sender told with {@code abort}) when content comes
 * before the application accepted, when more bytes come than announced, when writing fails, when messages were
 * dropped for lack of room, or when a new {@code start} supersedes it. Content of a given-up transfer that is still
 * on its way is dropped quietly until the next {@code start}.
 */
final class FileReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(FileReceiver.class);
    private static final int MAX_STORED_NAME_BYTES = 120;

    private final CallContext call;
    private final Executor lane;
    private final Consumer<FileControl> reply;
    private final FileSettings settings;
    private Incoming current;
    private boolean discarding; // chunks of a given-up transfer may still arrive
    private String givenUp; // the id of that transfer: its end needs no answer
    private boolean closed;

    FileReceiver(CallContext call, Executor lane, Consumer<FileControl> reply, FileSettings settings) {
        this.call = call;
        this.lane = lane;
        this.reply = reply;
        this.settings = settings;
    }

    void onStart(Start start) {
        if (closed) {
            return;
        }
        if (current != null) {
            giveUp(current, "superseded by transfer " + start.id(), true);
        }
        discarding = false;
        long limit = call.maxIncomingFileSize();
        if (start.size() > limit) {
            LOG.warn("{}: refusing file {} of {} bytes: over the limit of {} bytes", call.label(), start.name(),
                    start.size(), limit);
            reply.accept(new Refuse(start.id(), "the file of " + start.size()
                    + " bytes exceeds the receiver's limit of " + limit + " bytes"));
            return;
        }
        IncomingOffer offer = new IncomingOffer(start, (o, accepted, reason) ->
                handOn(() -> decided(o, accepted, reason)));
        Incoming in = new Incoming(start, offer);
        current = in;
        long timeout = settings.offerTimeout().toMillis();
        in.timer = schedule(() -> {
            if (offer.expire()) {
                handOn(() -> decided(offer, false, "no decision within " + timeout / 1000 + " s"));
            }
        }, timeout);
        LOG.debug("{}: file {} ({} bytes) offered, asking the application", call.label(), start.name(), start.size());
        call.offerFile(offer);
    }

    private void decided(IncomingOffer offer, boolean accepted, String reason) {
        Incoming in = current;
        if (closed || in == null || in.offer != offer || in.out != null) {
            return; // the transfer was given up or superseded meanwhile
        }
        in.timer.cancel(false);
        String id = offer.id();
        if (!accepted) {
            current = null;
            String why = reason == null || reason.isBlank() ? "refused by the receiving application" : reason;
            LOG.info("{}: refused file {}: {}", call.label(), offer.name(), why);
            reply.accept(new Refuse(id, why));
            return;
        }
        try {
            in.path = Files.createTempFile(call.fileDirectory(), "received-", storageSuffix(offer.name()));
            in.out = Files.newOutputStream(in.path);
        } catch (IOException | RuntimeException e) {
            current = null;
            deleteQuietly(in.path);
            LOG.warn("{}: cannot store file {}: {}", call.label(), offer.name(), e.toString());
            reply.accept(new Refuse(id, "the receiver cannot store the file: " + e.getMessage()));
            return;
        }
        LOG.debug("{}: accepted file {}", call.label(), offer.name());
        reply.accept(new Accept(id));
    }

    void onChunk(byte[] bytes) {
        if (closed) {
            return;
        }
        Incoming in = current;
        if (in == null) {
            if (!discarding) {
                LOG.warn("{}: file data without a start ({} bytes); dropped", call.label(), bytes.length);
            }
            return;
        }
        if (in.out == null) {
            giveUp(in, "file data before the receiver accepted", true);
        } else if (in.received + bytes.length > in.start.size()) {
            giveUp(in, "more data than the announced " + in.start.size() + " bytes", true);
        } else {
            try {
                in.out.write(bytes);
                in.digest.update(bytes);
                in.received += bytes.length;
            } catch (IOException e) {
                giveUp(in, "the receiver cannot write the file: " + e.getMessage(), true);
            }
        }
    }

    void onEnd(End end) {
        if (closed) {
            return;
        }
        Incoming in = current;
        if (in == null || !in.start.id().equals(end.id())) {
            if (!end.id().equals(givenUp)) {
                LOG.warn("{}: end of an unknown file transfer {}; telling the sender", call.label(), end.id());
                reply.accept(new Abort(end.id(), "unknown transfer"));
            }
            return;
        }
        if (in.out == null) {
            giveUp(in, "end before the receiver accepted", true);
            return;
        }
        current = null;
        try {
            in.out.close();
        } catch (IOException e) {
            deleteQuietly(in.path);
            String why = "the receiver cannot write the file: " + e.getMessage();
            reply.accept(new Ack(end.id(), false, why));
            tellApplication(in.start, why);
            return;
        }
        String actual = Sha256.hex(in.digest);
        Start start = in.start;
        if (in.received != start.size() || !actual.equals(start.sha256())) {
            String why = in.received != start.size()
                    ? "received " + in.received + " of the announced " + start.size() + " bytes"
                    : "SHA-256 mismatch: received " + actual + ", announced " + start.sha256();
            LOG.warn("{}: file {} arrived damaged and was deleted: {}", call.label(), start.name(), why);
            deleteQuietly(in.path);
            reply.accept(new Ack(end.id(), false, why));
            tellApplication(start, why);
            return;
        }
        LOG.info("{}: received file {} ({} bytes, SHA-256 verified)", call.label(), start.name(), start.size());
        call.deliverFile(new ReceivedFile(start.name(), start.size(), actual, in.path));
        reply.accept(new Ack(end.id(), true, ""));
    }

    /** The sender gave up; ids that are not the current transfer's are the sender's business, not ours. */
    void onAbort(Abort abort) {
        Incoming in = current;
        if (!closed && in != null && in.start.id().equals(abort.id())) {
            LOG.info("{}: the sender aborted file {}: {}", call.label(), in.start.name(), abort.reason());
            giveUp(in, abort.reason().isEmpty() ? "no reason given" : abort.reason(), false);
        }
    }

    /** Messages were dropped (the call's queue was full): the transfer in progress cannot be complete. */
    void onOverflow() {
        if (closed) {
            return;
        }
        LOG.warn("{}: file messages arrived faster than they could be handled; some were dropped", call.label());
        if (current != null) {
            giveUp(current, "the receiver's queue overflowed", true);
        } else {
            discarding = true;
        }
    }

    /** The call ended: the partial file goes, a pending decision no longer counts. */
    void close() {
        closed = true;
        if (current != null) {
            discard(current);
            current = null;
        }
    }

    private void giveUp(Incoming in, String reason, boolean tellSender) {
        discard(in);
        current = null;
        discarding = true;
        givenUp = in.start.id();
        if (tellSender) {
            LOG.warn("{}: aborting file {}: {}", call.label(), in.start.name(), reason);
            reply.accept(new Abort(in.start.id(), reason));
        }
        tellApplication(in.start, tellSender ? reason : "the sender aborted it: " + reason);
    }

    /** The application was asked about this file and will not get it. */
    private void tellApplication(Start start, String why) {
        call.fileFailed(new CallwireException(CallwireException.Reason.FILE_TRANSFER,
                "incoming file " + start.name() + " failed: " + why));
    }

    private void discard(Incoming in) {
        in.offer.expire();
        if (in.timer != null) {
            in.timer.cancel(false);
        }
        if (in.out != null) {
            try {
                in.out.close();
            } catch (IOException e) {
                LOG.debug("{}: closing a partial file: {}", call.label(), e.toString());
            }
        }
        deleteQuietly(in.path);
    }

    /**
     * The end of the name (with its extension) for the stored file: short enough for a file system's 255-byte
     * names next to the temporary prefix, without characters some file systems refuse. The application still
     * gets the name as sent in {@link ReceivedFile#name()}.
     */
    static String storageSuffix(String name) {
        int start = name.length();
        int bytes = 0;
        while (start > 0) {
            int codePoint = name.codePointBefore(start);
            int length = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + length > MAX_STORED_NAME_BYTES) {
                break;
            }
            bytes += length;
            start -= Character.charCount(codePoint);
        }
        return "-" + name.substring(start).replaceAll("[<>:\"|?*]", "_");
    }

    private void handOn(Runnable task) {
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: file threads closed; a file decision is dropped", call.label());
        }
    }

    private Future<?> schedule(Runnable task, long delayMillis) {
        return call.schedule(task, delayMillis);
    }

    private void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("{}: cannot delete partial file {}: {}", call.label(), path, e.toString());
            }
        }
    }

    /** A transfer from offer to end. */
    private static final class Incoming {
        final Start start;
        final IncomingOffer offer;
        final MessageDigest digest = Sha256.newDigest();
        Future<?> timer;
        Path path;
        OutputStream out; // set once accepted
        long received;

        Incoming(Start start, IncomingOffer offer) {
            this.start = start;
            this.offer = offer;
        }
    }
}
