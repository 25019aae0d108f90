package dev.callwire.webrtc.internal;

import dev.callwire.CallClient;
import dev.callwire.CallwireException;
import dev.callwire.ClientConfig;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.MediaRenderer;
import dev.callwire.protocol.Names;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libwebrtc-backed {@link CallClient}.
 *
 * <p>Threads, per client: {@code callwire-engine-N} owns every room and call state and makes every
 * libwebrtc call (native callbacks only enqueue work here); {@code callwire-events-N} (or the configured
 * executor, serialised) runs listener callbacks; {@code callwire-media-N} generates synthetic frames and
 * audio; {@code callwire-render-N-*} deliver frames to renderers.
 */
public final class WebRtcCallClient implements CallClient {

    private static final Logger LOG = LoggerFactory.getLogger(WebRtcCallClient.class);
    private static final AtomicInteger NUMBERS = new AtomicInteger();
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final ClientConfig config;
    private final int number;
    private final ScheduledThreadPoolExecutor engine;
    private final ScheduledExecutorService mediaThread;
    private final ThreadPoolExecutor renderThreads;
    private final ExecutorService ownEventThread;
    private final ExecutorService fileThread;
    private volatile java.nio.file.Path fileDirectory;
    private final Executor events;
    private final LocalMedia media;
    private final CopyOnWriteArrayList<RoomSession> rooms = new CopyOnWriteArrayList<>();
    private volatile Thread engineThread;
    private final CopyOnWriteArrayList<dev.callwire.DeviceListener> deviceListeners = new CopyOnWriteArrayList<>();
    private dev.onvoid.webrtc.media.DeviceChangeListener nativeDeviceListener; // guarded by deviceListeners
    private volatile boolean closed;

    public WebRtcCallClient(ClientConfig config) {
        NativeWebRtc.load();
        this.config = config;
        this.number = NUMBERS.incrementAndGet();
        this.engine = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Threads.daemon("callwire-engine-" + number).newThread(runnable);
            engineThread = thread;
            return thread;
        });
        engine.setRemoveOnCancelPolicy(true);
        this.mediaThread = Executors.newSingleThreadScheduledExecutor(Threads.daemon("callwire-media-" + number));
        this.fileThread = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Threads.daemon("callwire-files-" + number));
        this.renderThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), Threads.daemon("callwire-render-" + number));
        if (config.eventExecutor() == null) {
            this.ownEventThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    Threads.daemon("callwire-events-" + number));
            this.events = new SerialExecutor(ownEventThread);
        } else {
            this.ownEventThread = null;
            this.events = new SerialExecutor(config.eventExecutor());
        }
        try {
            this.media = onEngine(() -> new LocalMedia(config, mediaThread, renderThreads));
        } catch (RuntimeException e) {
            shutdownExecutors();
            throw e;
        }
        LOG.debug("Client {} created: {}", number, config);
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<Room> join(String room, String token, RoomListener listener) {
        if (!Names.isValid(room)) {
            throw new IllegalArgumentException("room name must match [A-Za-z0-9._-]{1,64}, got '" + room + "'");
        }
        CompletableFuture<Room> joined = new CompletableFuture<>();
        if (closed) {
            joined.completeExceptionally(new CallwireException(CallwireException.Reason.CLOSED, "client is closed"));
            return joined;
        }
        engine.execute(() -> {
            try {
                media.startTracks();
                RoomSession session = new RoomSession(this, room, token, listener, joined);
                session.start();
                rooms.add(session);
            } catch (RuntimeException e) {
                CallwireException error = e instanceof CallwireException ce ? ce
                        : new CallwireException(CallwireException.Reason.MEDIA_ENGINE, e.getMessage(), e);
                events.execute(() -> joined.completeExceptionally(error));
            }
        });
        return joined;
    }

    @Override
    public List<Room> rooms() {
        return rooms.stream().filter(RoomSession::isJoined).map(r -> (Room) r).toList();
    }

    @Override
    public dev.callwire.DeviceList devices() {
        return LocalMedia.devices();
    }

    @Override
    public void addDeviceListener(dev.callwire.DeviceListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        synchronized (deviceListeners) {
            deviceListeners.addIfAbsent(listener);
            if (nativeDeviceListener == null && !closed) {
                // libwebrtc calls this on its device thread: only hand the news to the event thread.
                nativeDeviceListener = new dev.onvoid.webrtc.media.DeviceChangeListener() {
                    @Override
                    public void deviceConnected(dev.onvoid.webrtc.media.Device device) {
                        events.execute(WebRtcCallClient.this::announceDevices);
                    }

                    @Override
                    public void deviceDisconnected(dev.onvoid.webrtc.media.Device device) {
                        events.execute(WebRtcCallClient.this::announceDevices);
                    }
                };
                DeviceProbe.watch(nativeDeviceListener);
            }
        }
    }

    @Override
    public void removeDeviceListener(dev.callwire.DeviceListener listener) {
        deviceListeners.remove(listener);
    }

    private void announceDevices() {
        dev.callwire.DeviceList devices = LocalMedia.devices();
        LOG.info("Devices changed: {}", devices);
        for (dev.callwire.DeviceListener listener : deviceListeners) {
            listener.onDevicesChanged(devices);
        }
    }

    @Override
    public void startScreenShare(dev.callwire.media.ScreenShare share) {
        java.util.Objects.requireNonNull(share, "share");
        onEngine(() -> {
            media.startTracks();
            Runnable disposePrevious = media.startScreen(share, number);
            rooms.forEach(RoomSession::refreshLocalTracks);
            if (disposePrevious != null) {
                disposePrevious.run();
            }
            return null;
        });
    }

    @Override
    public void stopScreenShare() {
        onEngine(() -> {
            Runnable dispose = media.stopScreen();
            rooms.forEach(RoomSession::refreshLocalTracks);
            if (dispose != null) {
                dispose.run();
            }
            return null;
        });
    }

    @Override
    public boolean isScreenSharing() {
        return onEngine(() -> media.screenTrack() != null);
    }

    @Override
    public void setVideoInput(dev.callwire.media.VideoInput input) {
        java.util.Objects.requireNonNull(input, "input");
        onEngine(() -> {
            media.switchVideo(input);
            rooms.forEach(RoomSession::refreshLocalTracks);
            return null;
        });
    }

    @Override
    public void setAudioInput(dev.callwire.media.AudioInput input) {
        java.util.Objects.requireNonNull(input, "input");
        onEngine(() -> {
            media.switchAudio(input);
            rooms.forEach(RoomSession::refreshLocalTracks);
            return null;
        });
    }

    @Override
    public void addLocalVideoRenderer(MediaRenderer renderer) {
        media.addPreviewRenderer(java.util.Objects.requireNonNull(renderer, "renderer"));
    }

    @Override
    public void removeLocalVideoRenderer(MediaRenderer renderer) {
        media.removePreviewRenderer(renderer);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Closing client {}", number);
        synchronized (deviceListeners) {
            if (nativeDeviceListener != null) {
                DeviceProbe.unwatch(nativeDeviceListener);
                nativeDeviceListener = null;
            }
            deviceListeners.clear();
        }
        try {
            onEngine(() -> {
                for (RoomSession room : rooms) {
                    room.shutDown(EndReason.LEFT_ROOM);
                }
                return null;
            });
            // Synthetic sources must be idle before their native objects go away; queued disposals of
            // switched-away sources still run (periodic pushes are cancelled by shutdown()).
            mediaThread.shutdown();
            mediaThread.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            onEngine(() -> {
                media.close();
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Client {} did not close cleanly", number, e);
        } finally {
            shutdownExecutors();
        }
    }

    private void shutdownExecutors() {
        engine.shutdown();
        mediaThread.shutdownNow();
        fileThread.shutdown();
        renderThreads.shutdown();
        if (ownEventThread != null) {
            ownEventThread.shutdown(); // lets the last events (calls ended, room closed) be delivered
        }
    }

    void forget(RoomSession room) {
        rooms.remove(room);
    }

    ClientConfig clientConfig() {
        return config;
    }

    LocalMedia media() {
        return media;
    }

    ScheduledExecutorService engine() {
        return engine;
    }

    Executor events() {
        return events;
    }

    /** File transfers read and write here, never on libwebrtc's or the engine's threads. */
    Executor fileThread() {
        return fileThread;
    }

    /** Where received files are stored until the application moves them; made on first use. */
    synchronized java.nio.file.Path fileDirectory() throws java.io.IOException {
        if (fileDirectory == null) {
            fileDirectory = java.nio.file.Files.createTempDirectory("callwire-files-");
        }
        return fileDirectory;
    }

    Executor renderThreads() {
        return renderThreads;
    }

    boolean isEngineThread() {
        return Thread.currentThread() == engineThread;
    }

    /** Runs on the engine thread and waits for the result (directly when already there). */
    <T> T onEngine(Callable<T> task) {
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
            return engine.submit(task).get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
                    + CLOSE_TIMEOUT_SECONDS + " s", e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new CallwireException(CallwireException.Reason.CLOSED, "client is closed", e);
        }
    }

    /** Runs later on the engine thread, logging (not losing) a failure. */
    void runOnEngine(Runnable task) {
        try {
            engine.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Engine task failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Engine closed; dropping a late task");
        }
    }

    @Override
    public String toString() {
        return "WebRtcCallClient#" + number;
    }
}
