package dev.callwire.webrtc.internal;

import dev.callwire.CallState;
import dev.callwire.CallwireException;
import dev.callwire.DataMessage;
import dev.callwire.FileOffer;
import dev.callwire.ReceivedFile;
import dev.callwire.webrtc.internal.data.CallContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** A call as its {@link dev.callwire.webrtc.internal.data.DataLink} sees it: a thin adapter, no logic of its own. */
final class CallDataContext implements CallContext {

    private final PeerCall call;
    private final RoomSession room;
    private final WebRtcCallClient client;

    CallDataContext(PeerCall call, RoomSession room, WebRtcCallClient client) {
        this.call = call;
        this.room = room;
        this.client = client;
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
        client.runOnEngine(task);
    }

    @Override
    public Future<?> schedule(Runnable task, long delayMillis) {
        try {
            return client.engine().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            CompletableFuture<Void> none = new CompletableFuture<>();
            none.cancel(false);
            return none;
        }
    }

    @Override
    public Executor events() {
        return client.events();
    }

    @Override
    public Executor fileWorkers() {
        return client.fileThread();
    }

    @Override
    public Path fileDirectory() throws IOException {
        return client.fileDirectory();
    }

    @Override
    public long maxIncomingFileSize() {
        return client.clientConfig().maxIncomingFileSize();
    }

    @Override
    public void deliverMessage(DataMessage message) {
        call.fireDataMessage(message);
    }

    @Override
    public void deliverFile(ReceivedFile file) {
        call.fireFileReceived(file);
    }

    @Override
    public void offerFile(FileOffer offer) {
        if (call.state() == CallState.ENDED) {
            offer.refuse("the call ended");
        } else {
            room.fire(listener -> listener.onFileOffered(room, call, offer));
        }
    }

    @Override
    public void fileFailed(CallwireException error) {
        room.fire(listener -> listener.onError(room, error));
    }
}
