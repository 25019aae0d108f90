package dev.callwire.webrtc.internal;

import dev.callwire.CallwireException;
import dev.callwire.ClientConfig;
import dev.callwire.webrtc.internal.media.LocalMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    static final long ENGINE_TIMEOUT_SECONDS = 10;

    private final ClientConfig config;
    private final ScheduledExecutorService engine;
    private final AtomicReference<Thread> engineThread;
    private final Executor events;
    private final Executor renderThreads;
    private final Executor fileThread;
    private volatile LocalMedia media;
    private Path fileDirectory; // guarded by this

    EngineContext(ClientConfig config, ScheduledExecutorService engine, AtomicReference<Thread> engineThread, Executor events,
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

    public ClientConfig config() {
        return config;
    }

    /** The engine thread as a scheduler: room and call timers, continuations of native futures. */
    public ScheduledExecutorService engine() {
        return engine;
    }

    /** Where listener callbacks and future completions run, one at a time. */
    public Executor events() {
        return events;
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

    /** Runs on the engine thread and waits for the result (directly when already there). */
    public <T> T onEngine(Callable<T> task) {
        if (isEngineThread()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return engine.submit(task).get(ENGINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallwireException(CallwireException.Reason.CLOSED, "interrupted", e);
        } catch (TimeoutException e) {
            throw new CallwireException(CallwireException.Reason.TIMEOUT, "the call engine did not respond in "
                    + ENGINE_TIMEOUT_SECONDS + " s", e);
        } catch (RejectedExecutionException e) {
            throw new CallwireException(CallwireException.Reason.CLOSED, "client is closed", e);
        }
    }
}
