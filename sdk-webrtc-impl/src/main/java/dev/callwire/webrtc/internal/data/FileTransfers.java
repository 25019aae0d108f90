package dev.callwire.webrtc.internal.data;

import dev.callwire.webrtc.internal.SerialLane;
import dev.callwire.webrtc.internal.data.FileControl.Abort;
import dev.callwire.webrtc.internal.data.FileControl.End;
import dev.callwire.webrtc.internal.data.FileControl.Start;
import dev.callwire.webrtc.internal.data.FileControlCodec.MalformedControlException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file side of one call: routes what arrives on the file channel (in order, through a bounded per-call queue)
 * to the receiver or the sender, and sends the receiver's answers. Sending and receiving each have their own lane
 * on the shared file threads, so hashing a large outgoing file never delays incoming content.
 */
final class FileTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(FileTransfers.class);

    private final CallContext call;
    private final Supplier<ChannelPort> channel;
    private final SerialLane receiveLane;
    private final FileReceiver receiver;
    private final FileSender sender;
    private final InboundQueue inbound;

    FileTransfers(CallContext call, Supplier<ChannelPort> channel, FileSettings settings) {
        this.call = call;
        this.channel = channel;
        this.receiveLane = new SerialLane(call.fileWorkers(), call.label() + " receive");
        this.receiver = new FileReceiver(call, receiveLane, this::reply, settings);
        SerialLane sendLane = new SerialLane(call.fileWorkers(), call.label() + " send");
        this.sender = new FileSender(call, sendLane, channel, settings);
        this.inbound = new InboundQueue(receiveLane, new InboundQueue.Consumer() {
            @Override
            public void onMessage(byte[] bytes, boolean binary) {
                route(bytes, binary);
            }

            @Override
            public void onOverflow() {
                receiver.onOverflow();
            }
        }, settings.queueBytes(), settings.queueMessages());
    }

    /** libwebrtc's thread: a message of the file channel. Queued, or dropped when the call's queue is full. */
    void onMessage(byte[] bytes, boolean binary) {
        inbound.offer(bytes, binary);
    }

    /** Any thread: the file channel's state or buffered amount changed. */
    void onChannelChanged() {
        sender.poke();
    }

    CompletableFuture<String> send(Path file) {
        return sender.send(file);
    }

    /** Any thread, once: stops both sides; completes when neither will touch the channel again. */
    CompletableFuture<Void> close() {
        inbound.close();
        CompletableFuture<Void> received = new CompletableFuture<>();
        Runnable closeReceiver = () -> {
            receiver.close();
            received.complete(null);
        };
        try {
            receiveLane.execute(closeReceiver);
        } catch (RejectedExecutionException e) {
            closeReceiver.run();
        }
        return CompletableFuture.allOf(received, sender.close());
    }

    /** Receive lane, in arrival order. */
    private void route(byte[] bytes, boolean binary) {
        if (binary) {
            receiver.onChunk(bytes);
            return;
        }
        FileControl message;
        try {
            message = FileControlCodec.decode(bytes);
        } catch (MalformedControlException e) {
            LOG.warn("{}: malformed file-channel message dropped: {}", call.label(), e.getMessage());
            e.id().ifPresent(id -> {
                Abort abort = new Abort(id, "malformed control message: " + e.getMessage());
                receiver.onAbort(abort);
                sender.onControl(abort);
                reply(abort);
            });
            return;
        }
        if (message instanceof Start start) {
            receiver.onStart(start);
        } else if (message instanceof End end) {
            receiver.onEnd(end);
        } else if (message instanceof Abort abort) {
            receiver.onAbort(abort); // the id says whose transfer it was; the other side ignores it
            sender.onControl(abort);
        } else {
            sender.onControl(message);
        }
    }

    private void reply(FileControl message) {
        ChannelPort port = channel.get();
        if (port == null || !port.send(FileControlCodec.encode(message), false)) {
            LOG.debug("{}: could not send {} (file channel closed)", call.label(), message);
        }
    }
}
