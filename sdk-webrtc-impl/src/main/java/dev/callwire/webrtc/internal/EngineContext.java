package dev.callwire.webrtc.internal;

import dev.callwire.CallwireException;
import dev.callwire.ClientConfig;
import dev.callwire.webrtc.internal.media.LocalMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a room and a call need from their client: its configuration, its threads and its local media. Rooms
 * and calls depend on this, never on {@link WebRtcCallClient}, so they cannot reach each other through it.
 *
 * <p>The engine thread owns all room and call state and makes every libwebrtc call; native callbacks only
 * hand work to it with {@link #runOnEngine}. Events for the application go through {@link #events()}.
 */
public final class EngineContext {

    private static final Logger LOG = LoggerFactory.getLogger(EngineContext.class);

    private final ClientConfig config;
    private final ScheduledExecutorService engine;
    private final AtomicReference<Thread> engineThread;
    private final SerialLane events;
    private final Executor renderThreads;
    private final Executor fileThread;
    private volatile LocalMedia media;
    private Runnable callStarting = () -> { }; // engine thread
    private Path fileDirectory; // guarded by this

    EngineContext(ClientConfig config, ScheduledExecutorService engine, AtomicReference<Thread> engineThread, SerialLane events,
                  Executor renderThreads, Executor fileThread) {
        this.config = config;
        this.engine = engine;
        this.engineThread = engineThread;
        this.events = events;
        this.renderThreads = renderThreads;
        this.fileThread = fileThread;
    }

    void media(LocalMedia media) {
        this.media = media;
    }

    /** Engine thread: what runs before a call's peer connection is made (the warm-up gives way). */
    void onCallStarting(Runnable hook) {
        this.callStarting = hook;
    }

    /** Engine thread: a call is about to make its peer connection; nothing it waits for. */
    public void callStarting() {
        callStarting.run();
    }

    public ClientConfig config() {
        return config;
    }

    /** The engine thread as a scheduler: room and call timers, continuations of native futures. */
    public ScheduledExecutorService engine() {
        return engine;
    }

    /**
     * Where listener callbacks and future completions run, one at a time. Bounded by
     * {@link dev.callwire.ClientLimits#maxQueuedEvents()}: beyond it {@code execute} throws
     * {@link RejectedExecutionException}; completions that must not be lost go through {@link #completeOnEvents}.
     */
    public Executor events() {
        return events;
    }

    /** Any thread: how many listener callbacks and completions wait for the event thread. */
    public int eventBacklog() {
        return events.backlog();
    }

    public Executor renderThreads() {
        return renderThreads;
    }

    /** File reads and writes happen here, never on libwebrtc's or the engine's threads. */
    public Executor fileThread() {
        return fileThread;
    }

    public LocalMedia media() {
        return media;
    }

    /** Where received files are stored until the application moves them; made on first use. */
    public synchronized Path fileDirectory() throws IOException {
        if (fileDirectory == null) {
            fileDirectory = Files.createTempDirectory("callwire-files-");
        }
        return fileDirectory;
    }

    public boolean isEngineThread() {
        return Thread.currentThread() == engineThread.get();
    }

    /** Runs later on the engine thread, logging (not losing) a failure; dropped once the client closed. */
    public void runOnEngine(Runnable task) {
        try {
            engine.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Engine task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Engine closed; dropping a late task");
        }
    }

    /**
     * Runs {@code task} later on the engine thread and returns at once. The future completes on the event
     * thread with the task's result, or fails with a {@link CallwireException}: the task's own, {@code CLOSED}
     * once the client no longer runs engine tasks, and {@code MEDIA_ENGINE} wrapping anything else. Nobody
     * waits for the engine: a busy engine thread must not stall the application's threads.
     */
    public <T> CompletableFuture<T> supplyOnEngine(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            engine.execute(() -> {
                T value;
                try {
                    value = task.call();
                } catch (Exception e) {
                    CallwireException error = e instanceof CallwireException ce ? ce
                            : new CallwireException(CallwireException.Reason.MEDIA_ENGINE, e.toString(), e);
                    completeOnEvents(() -> result.completeExceptionally(error));
                    return;
                }
                completeOnEvents(() -> result.complete(value));
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new CallwireException(CallwireException.Reason.CLOSED, "client is closed", e));
        }
        return result;
    }

    /**
     * Completes a future on the event thread, or here when that no longer runs or its queue is full, so no
     * future is left pending.
     */
    public void completeOnEvents(Runnable completion) {
        try {
            events.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }
}
