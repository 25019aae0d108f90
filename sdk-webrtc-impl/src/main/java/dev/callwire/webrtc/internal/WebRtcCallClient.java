package dev.callwire.webrtc.internal;

import dev.callwire.CallClient;
import dev.callwire.CallwireException;
import dev.callwire.ClientConfig;
import dev.callwire.EndReason;
import dev.callwire.JoinOptions;
import dev.callwire.Room;
import dev.callwire.RoomListener;
import dev.callwire.media.MediaRenderer;
import dev.callwire.protocol.Names;
import dev.callwire.spi.SignalingTransports;
import dev.callwire.webrtc.internal.media.DeviceProbe;
import dev.callwire.webrtc.internal.media.LocalMedia;
import dev.callwire.webrtc.internal.natives.NativeWebRtc;
import dev.callwire.webrtc.internal.net.NetworkWatcher;
import dev.callwire.webrtc.internal.room.JoinToken;
import dev.callwire.webrtc.internal.room.RoomSession;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libwebrtc-backed {@link CallClient}.
 *
 * <p>Threads, per client: {@code callwire-engine-N} owns every room and call state and makes every
 * libwebrtc call (native callbacks only enqueue work here); {@code callwire-events-N} (or the configured
 * executor, serialised) runs listener callbacks; {@code callwire-media-N} generates synthetic frames and
 * audio; {@code callwire-render-N-*} deliver frames to renderers; {@code callwire-warmup-N} (and
 * {@code callwire-warmup-classes}) run the {@link WarmUp} once after start and end.
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
    private final SerialLane events;
    private final EngineContext context;
    private final LocalMedia media;
    private final CopyOnWriteArrayList<RoomSession> rooms = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<dev.callwire.DeviceListener> deviceListeners = new CopyOnWriteArrayList<>();
    private dev.onvoid.webrtc.media.DeviceChangeListener nativeDeviceListener; // guarded by deviceListeners
    private final NetworkWatcher networkWatcher; // null when the policy turns it off
    private volatile boolean closed;
    private volatile boolean screenSharing; // view of media.screenTrack() != null, written on the engine thread
    private WarmUp warmUp; // engine thread
    private final CompletableFuture<WarmUpPair.Outcome> warmedUp = new CompletableFuture<>();

    public WebRtcCallClient(ClientConfig config) {
        if (config.transportPlugin() != null) {
            SignalingTransports.forConfig(config); // a plugin of the wrong kind fails create, not the first join
        }
        long creating = System.nanoTime();
        boolean warm = WarmUp.enabled();
        if (warm) {
            WarmUp.loadClassesInBackground(); // alongside the native library and factory loading below
        }
        NativeWebRtc.load();
        this.config = config;
        this.number = NUMBERS.incrementAndGet();
        AtomicReference<Thread> engineThread = new AtomicReference<>();
        this.engine = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Threads.daemon("callwire-engine-" + number).newThread(runnable);
            engineThread.set(thread);
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
            this.events = new SerialLane(ownEventThread, "client " + number + " events",
                    config.limits().maxQueuedEvents());
        } else {
            this.ownEventThread = null;
            this.events = new SerialLane(config.eventExecutor(), "client " + number + " events",
                    config.limits().maxQueuedEvents());
        }
        this.context = new EngineContext(config, engine, engineThread, events, renderThreads, fileThread);
        try {
            this.media = awaitEngine(() -> new LocalMedia(config, mediaThread, renderThreads));
            context.media(media);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownExecutors();
            throw new CallwireException(CallwireException.Reason.MEDIA_ENGINE, "interrupted while starting the media engine", e);
        } catch (RuntimeException e) {
            shutdownExecutors();
            throw e;
        }
        java.time.Duration poll = config.ice().restartPolicy().networkPollInterval();
        this.networkWatcher = poll.isZero() ? null : NetworkWatcher.start(poll, Threads.daemon("callwire-net-" + number),
                change -> context.runOnEngine(() -> rooms.forEach(room -> room.onNetworkChanged(change.lostAddresses()))));
        if (warm) {
            // Queued, not awaited; the rehearsal itself runs on its own thread, not delaying a join queued meanwhile.
            engine.execute(() -> {
                warmUp = WarmUp.start(media.factory(), "callwire-warmup-" + number, renderThreads,
                        "client " + number);
                context.onCallStarting(warmUp::yieldToCall);
                warmUp.finished().whenComplete((outcome, error) -> warmedUp.complete(outcome));
            });
        }
        LOG.debug("Client {} created in {} ms (native factory ready): {}", number,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - creating), config);
    }

    /** Tests: completes once the warm-up's rehearsal released what it made, with how it ended. */
    CompletableFuture<WarmUpPair.Outcome> warmedUp() {
        return warmedUp;
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    @Override
    public CompletionStage<Room> join(String room, JoinOptions options, RoomListener listener) {
        java.util.Objects.requireNonNull(options, "options");
        if (!Names.isValid(room)) {
            throw new IllegalArgumentException("room name must match [A-Za-z0-9._-]{1,64}, got '" + room + "'");
        }
        CompletableFuture<Room> joined = new CompletableFuture<>();
        if (closed) {
            joined.completeExceptionally(new CallwireException(CallwireException.Reason.CLOSED, "client is closed"));
            return joined.minimalCompletionStage();
        }
        JoinToken token = JoinToken.of(options);
        engine.execute(() -> {
            try {
                media.startTracks();
                RoomSession session = new RoomSession(context, room, token, listener, joined, rooms::remove);
                session.start();
                rooms.add(session);
            } catch (RuntimeException e) {
                CallwireException error = e instanceof CallwireException ce ? ce
                        : new CallwireException(CallwireException.Reason.MEDIA_ENGINE, e.getMessage(), e);
                context.completeOnEvents(() -> joined.completeExceptionally(error));
            }
        });
        // The room completes its own future; callers get a dependent stage they cannot complete for it.
        return joined.minimalCompletionStage();
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
                        announceDevicesLater();
                    }

                    @Override
                    public void deviceDisconnected(dev.onvoid.webrtc.media.Device device) {
                        announceDevicesLater();
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

    /** libwebrtc's device thread: never throws into it, even when the event queue is full (the lane logs that). */
    private void announceDevicesLater() {
        try {
            events.execute(this::announceDevices);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Client {}: device change not announced: {}", number, e.getMessage());
        }
    }

    private void announceDevices() {
        dev.callwire.DeviceList devices = LocalMedia.devices();
        LOG.info("Devices changed: {}", devices);
        for (dev.callwire.DeviceListener listener : deviceListeners) {
            listener.onDevicesChanged(devices);
        }
    }

    @Override
    public CompletionStage<Void> startScreenShare(dev.callwire.media.ScreenShare share) {
        java.util.Objects.requireNonNull(share, "share");
        return changeMedia(() -> {
            media.startTracks();
            Runnable disposePrevious = media.startScreen(share, number);
            screenSharing = true;
            rooms.forEach(RoomSession::refreshLocalTracks);
            if (disposePrevious != null) {
                disposePrevious.run();
            }
        });
    }

    @Override
    public CompletionStage<Void> stopScreenShare() {
        return changeMedia(() -> {
            Runnable dispose = media.stopScreen();
            screenSharing = false;
            rooms.forEach(RoomSession::refreshLocalTracks);
            if (dispose != null) {
                dispose.run();
            }
        });
    }

    @Override
    public boolean isScreenSharing() {
        return screenSharing;
    }

    @Override
    public CompletionStage<Void> setVideoInput(dev.callwire.media.VideoInput input) {
        java.util.Objects.requireNonNull(input, "input");
        return changeMedia(() -> {
            media.switchVideo(input);
            rooms.forEach(RoomSession::refreshLocalTracks);
        });
    }

    @Override
    public CompletionStage<Void> setAudioInput(dev.callwire.media.AudioInput input) {
        java.util.Objects.requireNonNull(input, "input");
        return changeMedia(() -> {
            media.switchAudio(input);
            rooms.forEach(RoomSession::refreshLocalTracks);
        });
    }

    /**
     * A media change, run later on the engine thread; the caller gets its own stage. Refused once closing
     * began: a task queued behind {@link #close()} would otherwise touch media already released.
     */
    private CompletionStage<Void> changeMedia(Runnable change) {
        return context.<Void>supplyOnEngine(() -> {
            if (closed) {
                throw new CallwireException(CallwireException.Reason.CLOSED, "client is closed");
            }
            change.run();
            return null;
        }).minimalCompletionStage();
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
        if (networkWatcher != null) {
            networkWatcher.close();
        }
        synchronized (deviceListeners) {
            if (nativeDeviceListener != null) {
                DeviceProbe.unwatch(nativeDeviceListener);
                nativeDeviceListener = null;
            }
            deviceListeners.clear();
        }
        try {
            awaitEngine(() -> {
                for (RoomSession room : rooms) {
                    room.shutDown(EndReason.LEFT_ROOM);
                }
                return null;
            });
            // Synthetic sources must be idle before their native objects go away; queued disposals of
            // switched-away sources still run (periodic pushes are cancelled by shutdown()).
            mediaThread.shutdown();
            mediaThread.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            awaitEngine(() -> {
                screenSharing = false;
                if (warmUp != null) {
                    warmUp.close(); // before the factory it was made from goes
                }
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

    /**
     * Waits (bounded) for a task on the engine thread. Only creation and {@link #close()} do, which are documented
     * to block; they wait for the engine thread alone, not the event thread, so closing from a listener callback
     * cannot wait for itself.
     */
    private <T> T awaitEngine(Callable<T> task) throws InterruptedException {
        if (context.isEngineThread()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CallwireException(CallwireException.Reason.MEDIA_ENGINE, e.toString(), e);
            }
        }
        try {
            return engine.submit(task).get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new CallwireException(CallwireException.Reason.MEDIA_ENGINE, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new CallwireException(CallwireException.Reason.TIMEOUT, "the call engine did not respond in "
                    + CLOSE_TIMEOUT_SECONDS + " s", e);
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

    @Override
    public String toString() {
        return "WebRtcCallClient#" + number;
    }
}
