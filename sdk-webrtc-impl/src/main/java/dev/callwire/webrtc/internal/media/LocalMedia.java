package dev.callwire.webrtc.internal.media;

import dev.callwire.CallwireException;
import dev.callwire.DeviceList;
import dev.callwire.ClientConfig;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.MediaRenderer;
import dev.callwire.media.VideoInput;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoCaptureCapability;
import dev.onvoid.webrtc.media.video.VideoDevice;
import dev.onvoid.webrtc.media.video.VideoDeviceSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's native media: the one {@link PeerConnectionFactory}, its audio device module, and the local
 * audio and video tracks every call sends (one track each, added to every peer connection).
 *
 * <p>The factory and audio module exist from construction; the sources and tracks start with
 * {@link #startTracks()} (the first join), so a missing camera fails the join with a clear error.
 */
public final class LocalMedia implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMedia.class);

    private final ClientConfig config;
    private final ScheduledExecutorService mediaThread;
    private final AudioDeviceModuleBase audioModule;
    private final boolean headless;
    private final PeerConnectionFactory factory;
    private final VideoFanout preview;

    /** A started video source and the track on it: what a switch replaces as a whole. */
    private record VideoFeed(VideoTrack track, Runnable stop, Runnable disposeSource) {
    }

    /** A started audio source and the track on it. */
    private record AudioFeed(AudioTrack track, Runnable stop, Runnable disposeSource) {
    }

    private VideoFeed video;
    private AudioFeed audio;
    private VideoInput videoInput;
    private ScreenSource screen;
    private VideoTrack screenTrack;
    private int screenShares;
    private AudioInput audioInput;
    private boolean started;
    private boolean closed;

    public LocalMedia(ClientConfig config, ScheduledExecutorService mediaThread, Executor renderThreads) {
        this.config = config;
        this.mediaThread = mediaThread;
        this.preview = new VideoFanout(renderThreads);
        this.videoInput = config.media().video();
        this.audioInput = config.media().audio();
        AudioInput audio = config.media().audio();
        boolean wantsMicrophone = audio instanceof AudioInput.Microphone
                || audio instanceof AudioInput.DefaultMicrophone
                || (audio instanceof AudioInput.Automatic && hasMicrophone());
        this.headless = config.headlessAudio() || !wantsMicrophone;
        if (headless) {
            HeadlessAudioDeviceModule module = new HeadlessAudioDeviceModule();
            // The headless module drives the playout and capture pipelines without touching OS devices.
            module.initPlayout();
            module.startPlayout();
            module.initRecording();
            module.startRecording();
            this.audioModule = module;
        } else {
            AudioDeviceModule module = new AudioDeviceModule();
            if (audio instanceof AudioInput.Microphone named) {
                module.setRecordingDevice(findMicrophone(named.name()));
            }
            this.audioModule = module;
        }
        this.factory = new PeerConnectionFactory(audioModule);
        LOG.info("Media engine ready: audio {}, requested {}", headless ? "headless" : "system devices", config.media());
    }

    public PeerConnectionFactory factory() {
        return factory;
    }

    /** Starts sources and makes the local tracks; idempotent. Engine thread. */
    public void startTracks() {
        if (started || closed) {
            return;
        }
        started = true;
        video = startVideo(videoInput);
        if (video != null) {
            video.track().addSink(preview);
        }
        audio = startAudio(audioInput);
    }

    public boolean isStarted() {
        return started;
    }

    /** The track to send, or {@code null} when the video input is {@link VideoInput.None}. */
    public VideoTrack videoTrack() {
        return video == null ? null : video.track();
    }

    /** The screen-share track to send, or {@code null} when not sharing. */
    public VideoTrack screenTrack() {
        return screenTrack;
    }

    /**
     * Engine thread: starts capturing; the caller then adds {@link #screenTrack()} to every call. A running
     * share is replaced (its native objects are disposed once the calls dropped it, see {@link #stopScreen}).
     *
     * @return a task disposing the previous share, to run after the calls moved to the new track, or null
     */
    public Runnable startScreen(dev.callwire.media.ScreenShare share, int clientNumber) {
        ScreenSource next = ScreenSource.start(share, "callwire-screen-" + clientNumber + "-" + (++screenShares));
        Runnable disposePrevious = stopScreen();
        screen = next;
        screenTrack = factory.createVideoTrack("callwire-screen", next.source());
        LOG.info("Screen share started: {}", share);
        return disposePrevious;
    }

    /**
     * Engine thread: stops capturing. Returns the disposal of its track and source, to run once no call sends
     * it any more (or {@code null} when not sharing).
     */
    public Runnable stopScreen() {
        if (screen == null) {
            return null;
        }
        ScreenSource stopping = screen;
        VideoTrack track = screenTrack;
        screen = null;
        screenTrack = null;
        stopping.stop();
        return () -> {
            quietly("dispose screen track", track::dispose);
            quietly("dispose screen source", stopping.source()::dispose);
        };
    }

    /** The track to send, or {@code null} when the audio input is {@link AudioInput.None}. */
    public AudioTrack audioTrack() {
        return audio == null ? null : audio.track();
    }

    public void addPreviewRenderer(MediaRenderer renderer) {
        preview.add(renderer);
    }

    public void removePreviewRenderer(MediaRenderer renderer) {
        preview.remove(renderer);
    }

    /**
     * Engine thread: starts {@code input} and makes it the video every call sends from now on (callers then
     * point their senders at {@link #videoTrack()}). The previous source stops; its native objects are disposed
     * on the media thread, after any frame it is still pushing.
     *
     * @throws CallwireException {@code MEDIA_DEVICE} if the input cannot start (the old one stays)
     */
    public void switchVideo(VideoInput input) {
        if (!started) {
            videoInput = input; // takes effect at the first join
            return;
        }
        VideoFeed next = startVideo(input);
        videoInput = input;
        VideoFeed previous = video;
        video = next;
        if (previous != null) {
            quietly("remove preview sink", () -> previous.track().removeSink(preview));
        }
        if (next != null) {
            next.track().addSink(preview);
        }
        LOG.info("Video input is now {}", input);
        retire(previous == null ? null : previous.stop(), previous == null ? null : () -> {
            quietly("dispose video track", previous.track()::dispose);
            quietly("dispose video source", previous.disposeSource());
        });
    }

    /** Engine thread: like {@link #switchVideo} for audio. */
    public void switchAudio(AudioInput input) {
        if (!started) {
            audioInput = input;
            return;
        }
        AudioFeed next = startAudio(input);
        audioInput = input;
        AudioFeed previous = audio;
        audio = next;
        LOG.info("Audio input is now {}", input);
        retire(previous == null ? null : previous.stop(), previous == null ? null : () -> {
            quietly("dispose audio track", previous.track()::dispose);
            quietly("dispose audio source", previous.disposeSource());
        });
    }

    private void retire(Runnable stop, Runnable dispose) {
        if (stop == null) {
            return;
        }
        stop.run();
        // The media thread pushes synthetic frames: queued behind any push in flight, disposal never races one.
        mediaThread.execute(dispose);
    }

    private VideoFeed startVideo(VideoInput input) {
        MediaOptions media = config.media();
        if (input instanceof VideoInput.None) {
            return null;
        }
        if (input instanceof VideoInput.Automatic) {
            input = cameras().isEmpty() ? VideoInput.testPattern() : VideoInput.camera();
            LOG.info("Video input: {}", input instanceof VideoInput.FirstCamera ? "first camera"
                    : "test pattern (no camera found)");
        }
        if (input instanceof VideoInput.Camera || input instanceof VideoInput.FirstCamera) {
            VideoDevice device = findCamera(input instanceof VideoInput.Camera named ? named.name() : null);
            VideoDeviceSource camera = new VideoDeviceSource();
            camera.setVideoCaptureDevice(device);
            VideoCaptureCapability capability = closestCapability(device, media);
            if (capability != null) {
                camera.setVideoCaptureCapability(capability);
            }
            try {
                camera.start();
            } catch (RuntimeException e) {
                quietly("dispose camera", camera::dispose);
                throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE,
                        "camera '" + device.getName() + "' could not be started: " + e.getMessage(), e);
            }
            return new VideoFeed(factory.createVideoTrack("callwire-video", camera),
                    () -> quietly("stop camera", camera::stop), camera::dispose);
        }
        if (input instanceof VideoInput.Image picture) {
            ImageSource image = ImageSource.load(picture.file(), new CustomVideoSource(), media.frameRate());
            VideoTrack track = factory.createVideoTrack("callwire-video", image.source());
            image.start(mediaThread);
            return new VideoFeed(track, image::stop, image.source()::dispose);
        }
        if (!(input instanceof VideoInput.TestPattern)) {
            // Unreachable while the handling above matches VideoInput's permitted records; a new kind must fail
            // loudly here rather than send a test pattern.
            throw new IllegalStateException("unhandled video input " + input);
        }
        TestPatternSource pattern = new TestPatternSource(new CustomVideoSource(), media.width(),
                media.height(), media.frameRate());
        VideoTrack track = factory.createVideoTrack("callwire-video", pattern.source());
        pattern.start(mediaThread);
        return new VideoFeed(track, pattern::stop, pattern.source()::dispose);
    }

    private AudioFeed startAudio(AudioInput input) {
        if (input instanceof AudioInput.None) {
            return null;
        }
        if (input instanceof AudioInput.Tone tone) {
            return startTone(tone.hz(), tone.level());
        }
        if (headless) {
            if (input instanceof AudioInput.Automatic) {
                LOG.info("Audio input: 440 Hz tone (no microphone in use)");
                return startTone(440, 0.5);
            }
            throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE, "a microphone needs the system "
                    + "audio devices, but this client uses headless audio (no microphone, or headlessAudio(true))");
        }
        // Automatic with a microphone present, or a microphone: the system audio module records it.
        AudioTrackSource microphone = factory.createAudioSource(new AudioOptions());
        return new AudioFeed(factory.createAudioTrack("callwire-audio", microphone), () -> { }, () -> { });
    }

    private AudioFeed startTone(double hz, double level) {
        ToneSource tone = new ToneSource(new CustomAudioSource(), hz, level);
        AudioTrack track = factory.createAudioTrack("callwire-audio", tone.source());
        tone.start(mediaThread);
        return new AudioFeed(track, tone::stop, tone.source()::dispose);
    }

    /** The devices the operating system reports now (empty lists where none, or where listing fails). */
    public static DeviceList devices() {
        return new DeviceList(
                cameras().stream().map(VideoDevice::getName).toList(),
                DeviceProbe.microphones().stream().map(AudioDevice::getName).toList(),
                DeviceProbe.speakers().stream().map(AudioDevice::getName).toList());
    }

    private static boolean hasMicrophone() {
        return !DeviceProbe.microphones().isEmpty();
    }

    private static List<VideoDevice> cameras() {
        return DeviceProbe.cameras();
    }

    private static VideoDevice findCamera(String name) {
        List<VideoDevice> cameras = cameras();
        if (cameras.isEmpty()) {
            throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE,
                    "no camera found; use VideoInput.testPattern() or VideoInput.automatic() on machines without one");
        }
        if (name == null) {
            return cameras.get(0);
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return cameras.stream().filter(c -> c.getName().toLowerCase(Locale.ROOT).contains(wanted)).findFirst()
                .orElseThrow(() -> new CallwireException(CallwireException.Reason.MEDIA_DEVICE, "no camera named '"
                        + name + "'; cameras present: " + cameras.stream().map(VideoDevice::getName).toList()));
    }

    private static AudioDevice findMicrophone(String name) {
        List<AudioDevice> microphones = DeviceProbe.microphones();
        String wanted = name.toLowerCase(Locale.ROOT);
        return microphones.stream().filter(m -> m.getName().toLowerCase(Locale.ROOT).contains(wanted)).findFirst()
                .orElseThrow(() -> new CallwireException(CallwireException.Reason.MEDIA_DEVICE, "no microphone named '"
                        + name + "'; microphones present: " + microphones.stream().map(AudioDevice::getName).toList()));
    }

    private static VideoCaptureCapability closestCapability(VideoDevice device, MediaOptions media) {
        try {
            List<VideoCaptureCapability> capabilities = MediaDevices.getVideoCaptureCapabilities(device);
            return capabilities.stream().min(Comparator.comparingInt((VideoCaptureCapability c) ->
                    Math.abs(c.width - media.width()) + Math.abs(c.height - media.height()))
                    .thenComparingInt(c -> Math.abs(c.frameRate - media.frameRate()))).orElse(null);
        } catch (RuntimeException e) {
            LOG.debug("Capture formats of {} could not be listed: {}", device.getName(), e.toString());
            return null;
        }
    }

    /** Stops sources and disposes every native object, tracks before sources before the factory. Idempotent.
     *  The media thread must be idle (stopped) before this runs. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        preview.clear();
        Runnable screenDisposal = stopScreen();
        if (screenDisposal != null) {
            screenDisposal.run();
        }
        if (video != null) {
            video.stop().run();
            quietly("remove preview sink", () -> video.track().removeSink(preview));
            quietly("dispose video track", video.track()::dispose);
            quietly("dispose video source", video.disposeSource());
        }
        if (audio != null) {
            audio.stop().run();
            quietly("dispose audio track", audio.track()::dispose);
            quietly("dispose audio source", audio.disposeSource());
        }
        if (headless) {
            quietly("stop playout", audioModule::stopPlayout);
            quietly("stop recording", audioModule::stopRecording);
        }
        quietly("dispose factory", factory::dispose);
        quietly("dispose audio module", audioModule::dispose);
    }

    private static void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            // webrtc-java 0.14 throws an Error when a native object is still referenced elsewhere (a closed
            // peer connection is never released by its close()); its reference was dropped all the same.
            LOG.debug("Could not {} while closing: {}", what, e.toString());
        }
    }
}
