package dev.callwire.webrtc.internal.call;

import dev.callwire.CallwireException;
import dev.callwire.DataMessage;
import dev.callwire.FileOffer;
import dev.callwire.ReceivedFile;
import dev.callwire.webrtc.internal.EngineContext;
import dev.callwire.webrtc.internal.data.CallContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** A call as its data channels see it: a thin adapter onto the call, its room and its client. */
final class CallDataContext implements CallContext {

    private final PeerCall call;
    private final CallHost host;
    private final EngineContext context;

    CallDataContext(PeerCall call, CallHost host, EngineContext context) {
        this.call = call;
        this.host = host;
        this.context = context;
    }

    @Override
    public String label() {
        return call.toString();
    }

    @Override
    public String callId() {
        return call.id();
    }

    @Override
    public void runOnEngine(Runnable task) {
        context.runOnEngine(task);
    }

    @Override
    public Future<?> schedule(Runnable task, long delayMillis) {
        try {
            return context.engine().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            CompletableFuture<Void> none = new CompletableFuture<>();
            none.cancel(false);
            return none;
        }
    }

    @Override
    public void completeOnEvents(Runnable completion) {
        context.completeOnEvents(completion);
    }

    @Override
    public Executor fileWorkers() {
        return context.fileThread();
    }

    @Override
    public Path fileDirectory() throws IOException {
        return context.fileDirectory();
    }

    @Override
    public long maxIncomingFileSize() {
        return context.config().maxIncomingFileSize();
    }

    @Override
    public void deliverMessage(DataMessage message) {
        if (!call.isEnded()) {
            host.fire(l -> l.onDataMessage(host.room(), call, message));
        }
    }

    @Override
    public void deliverFile(ReceivedFile file) {
        host.fire(l -> l.onFileReceived(host.room(), call, file));
    }

    @Override
    public void offerFile(FileOffer offer) {
        if (call.state() == dev.callwire.CallState.ENDED) {
            offer.refuse("the call ended");
        } else {
            host.fire(l -> l.onFileOffered(host.room(), call, offer));
        }
    }

    @Override
    public void fileFailed(CallwireException error) {
        host.fire(l -> l.onError(host.room(), error));
    }
}
