package dev.callwire.webrtc.internal.data;

import dev.callwire.CallwireException;
import dev.callwire.DataMessage;
import dev.callwire.FileOffer;
import dev.callwire.ReceivedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * What a call's data channels need from the call that owns them, and nothing more: {@link DataLink} and the
 * file transfer parts depend on this instead of the call and client classes, so they can be built and tested
 * alone. Implementations must be cheap and must not block: several methods are called on libwebrtc threads.
 */
public interface CallContext {

    /**
     * Names the call in log lines, e.g. {@code Call[room=r, peer=p, call=c, OUTGOING]}.
     *
     * @return the label, never {@code null}; may change (a call can adopt the other side's id)
     */
    String label();

    /** @return the call's current id, for error messages */
    String callId();

    /**
     * Runs a task later on the call's engine thread, in submission order; dropped if the engine is closed.
     *
     * @param task the task
     */
    void runOnEngine(Runnable task);

    /**
     * Runs a short task after a delay on a timer thread. The task only hands work on; it never blocks.
     *
     * @param task        the task
     * @param delayMillis the delay
     * @return a handle to cancel it; an already cancelled one if the timer is closed
     */
    Future<?> schedule(Runnable task, long delayMillis);

    /** @return the clock deadlines are measured on ({@link System#nanoTime()} outside tests) */
    default long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Completes a future given to the application on the event thread (serially, in submission order), or on
     * this thread if the event queue is full: a completion is never dropped, or its caller would wait forever.
     *
     * @param completion completes one future
     */
    void completeOnEvents(Runnable completion);

    /** @return the shared threads that read and write files; each call's work is serialised on them */
    Executor fileWorkers();

    /**
     * Where received files are stored until the application moves them.
     *
     * @return an existing directory
     * @throws IOException if it cannot be made
     */
    Path fileDirectory() throws IOException;

    /** @return the largest incoming file accepted, in bytes, positive */
    long maxIncomingFileSize();

    /**
     * Engine thread: a message of the data channel, in order; the owner hands it to the room's listeners.
     *
     * @param message the message
     */
    void deliverMessage(DataMessage message);

    /**
     * A file worker: a file arrived complete and verified.
     *
     * @param file the file, stored under {@link #fileDirectory()}
     */
    void deliverFile(ReceivedFile file);

    /**
     * A file worker: the other side offers a file within the size limit; the owner asks the room's listeners
     * to decide. Undecided offers are refused after a while by the caller of this method.
     *
     * @param offer the offer
     */
    void offerFile(FileOffer offer);

    /**
     * A file worker: an incoming file that was offered to the application will not arrive (the transfer was
     * aborted or the content did not match); the owner tells the room's listeners ({@code onError}).
     *
     * @param error what happened, naming the file
     */
    void fileFailed(CallwireException error);
}
