package dev.callwire;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The SDK's entry point: owns the media engine (one native WebRTC factory, the local camera/microphone
 * or synthetic sources) and the rooms it joined. Heavy: make one per application and share it.
 *
 * <pre>{@code
 * try (CallClient client = CallClient.create(ClientConfig.builder(URI.create("ws://127.0.0.1:8080/ws")).build())) {
 *     Room room = client.join("lobby", new RoomListener() {
 *         public void onIncomingCall(Room room, CallSession call) { call.accept(); }
 *     }).toCompletableFuture().get(10, TimeUnit.SECONDS);
 *     CallSession call = room.call(room.peers().get(0)).toCompletableFuture().get(10, TimeUnit.SECONDS);
 *     call.remoteVideo().addRenderer(frame -> show(frame));
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * Listener callbacks of this client, its rooms and calls run one at a time on the client's event
 * thread (a daemon thread named {@code callwire-events-N-1}) or on the executor given in
 * {@link ClientConfig.Builder#eventExecutor}. Stages returned by the SDK complete there too. Methods
 * of the client, rooms and calls may be called from any thread, including from callbacks; they never
 * wait for the network or the engine thread: work that needs the engine returns a
 * {@link CompletionStage}, a new one for every call, so no caller can complete or cancel it for another.
 * Do not wait for a stage on the event thread (in a callback, or on the configured executor's thread): it
 * completes there, so it would wait for itself; chain on it instead.
 * Video frames go to {@link dev.callwire.media.MediaRenderer}s on render threads.
 *
 * <h2>Lifecycle</h2>
 * {@link #close()} leaves every room (hanging up its calls), then releases native resources. It is
 * idempotent and bounded in time.
 */
public interface CallClient extends AutoCloseable {

    /**
     * Makes a client with the engine found on the class path (see {@link CallEngineProvider}).
     * Loads native code; call it once and share the client.
     *
     * @param config what the client needs to know
     * @return a new client; close it when done
     * @throws CallwireException {@code NO_ENGINE}, {@code ENGINE_CONFLICT}, {@code NATIVE_LIBRARY} (with what to
     *                           install), or {@code MEDIA_DEVICE} when a named microphone does not exist
     */
    static CallClient create(ClientConfig config) {
        return CallEngines.find().createClient(config);
    }

    /** @return this client's configuration, as given to {@link #create} */
    ClientConfig config();

    /**
     * Joins a room with the {@linkplain JoinOptions#defaults() default options}; see
     * {@link #join(String, JoinOptions, RoomListener)}.
     *
     * @param room     the room name ({@code [A-Za-z0-9._-]{1,64}})
     * @param listener receives the room's events from the first one on; may be {@code null}
     * @return a new stage with the joined room, as {@link #join(String, JoinOptions, RoomListener)} returns
     * @throws IllegalArgumentException if the room name breaks the protocol's name rule
     */
    default CompletionStage<Room> join(String room, RoomListener listener) {
        return join(room, JoinOptions.defaults(), listener);
    }

    /**
     * Joins a room: connects to signaling and, once the server welcomes this client, completes with the room.
     * Local media starts on the first join. Returns at once.
     *
     * @param room     the room name ({@code [A-Za-z0-9._-]{1,64}})
     * @param options  how to join, e.g. {@link JoinOptions#withToken(String)} for a room that requires a token;
     *                 never {@code null}
     * @param listener receives the room's events from the first one on; may be {@code null}
     * @return a new stage, completing on the event thread with the joined room, or failing with
     *         {@link CallwireException} ({@code PROTOCOL} with the server's error code such as
     *         {@code unauthorized} or {@code room-full}, {@code SIGNALING_UNAVAILABLE}, {@code TIMEOUT},
     *         {@code MEDIA_DEVICE}, {@code NO_TRANSPORT}, {@code CLOSED}); completing or cancelling a copy of it
     *         does not stop the join
     * @throws IllegalArgumentException if the room name breaks the protocol's name rule, or the options' token source
     *                                  fails or gives a token that breaks the rules of {@link JoinOptions.Builder#token}
     * @throws NullPointerException     if {@code options} is {@code null}
     */
    CompletionStage<Room> join(String room, JoinOptions options, RoomListener listener);

    /** @return the rooms currently joined, an unmodifiable snapshot */
    List<Room> rooms();

    /**
     * Renders this client's outgoing video (the local preview) from the first join on, whether or not a call
     * is up, until removed or the client closes. Adding the same renderer twice has no effect.
     *
     * @param renderer called on an SDK render thread
     */
    void addLocalVideoRenderer(dev.callwire.media.MediaRenderer renderer);

    /**
     * Stops rendering the preview into {@code renderer}; unknown renderers are ignored.
     *
     * @param renderer a renderer added before
     */
    void removeLocalVideoRenderer(dev.callwire.media.MediaRenderer renderer);

    /** @return the cameras, microphones and speakers present now */
    DeviceList devices();

    /**
     * Tells {@code listener} (on the event thread) whenever a device is plugged in or removed.
     *
     * @param listener the listener; adding it twice has no effect
     */
    void addDeviceListener(DeviceListener listener);

    /**
     * Stops telling {@code listener} about device changes.
     *
     * @param listener a listener added before; unknown ones are ignored
     */
    void removeDeviceListener(DeviceListener listener);

    /**
     * Switches what every call of this client sends as video, live: each call's sender gets the new track
     * without renegotiation (a call that sent no video yet renegotiates to add it); mute states are kept.
     * Before the first join it only changes what will start. Returns at once; the engine switches.
     *
     * @param input the new source, e.g. another camera, the test pattern, an image, or none
     * @return a new stage, completing on the event thread once every call sends the new input, or failing with
     *         {@link CallwireException}: {@code MEDIA_DEVICE} naming the devices present if the input cannot
     *         start (the previous input then stays in use), {@code CLOSED} if the client is closed
     * @throws NullPointerException if {@code input} is {@code null}
     */
    CompletionStage<Void> setVideoInput(dev.callwire.media.VideoInput input);

    /**
     * Switches what every call of this client sends as audio, live, like {@link #setVideoInput}. Returns at once.
     *
     * @param input the new source, e.g. a tone or none
     * @return a new stage, completing on the event thread once every call sends the new input, or failing with
     *         {@link CallwireException}: {@code MEDIA_DEVICE} if the input cannot start (e.g. a microphone while
     *         this client uses headless audio; the previous input then stays in use), {@code CLOSED} if the
     *         client is closed
     * @throws NullPointerException if {@code input} is {@code null}
     */
    CompletionStage<Void> setAudioInput(dev.callwire.media.AudioInput input);

    /**
     * Shares a screen (or a region of it) in every call of this client, as an extra video track next to the
     * camera: each call renegotiates under its call id, and the other side sees it as a screen share
     * ({@link RoomListener#onScreenShareStarted}). Calls started later include it. Replaces a running share.
     * Returns at once; the engine starts capturing.
     *
     * @param share what to capture
     * @return a new stage, completing on the event thread once the share runs and every call has it, or failing
     *         with {@link CallwireException}: {@code MEDIA_DEVICE} if there is no display to capture (headless
     *         machine, no {@code DISPLAY}) or the screen index does not exist, {@code CLOSED} if the client is
     *         closed
     * @throws NullPointerException if {@code share} is {@code null}
     */
    CompletionStage<Void> startScreenShare(dev.callwire.media.ScreenShare share);

    /**
     * Stops sharing; each call renegotiates and the other side sees {@link RoomListener#onScreenShareStopped}.
     * Returns at once. Stopping when nothing is shared completes normally.
     *
     * @return a new stage, completing on the event thread once the share stopped, or failing with
     *         {@link CallwireException} {@code CLOSED} if the client is closed
     */
    CompletionStage<Void> stopScreenShare();

    /**
     * Whether a screen share is running, as of the last start or stop the engine carried out (a start whose
     * stage has not completed yet does not count). Does not wait.
     *
     * @return whether a screen share is running
     */
    boolean isScreenSharing();

    /** Leaves all rooms (hanging up their calls) and releases native resources. Idempotent, bounded in time. */
    @Override
    void close();
}
