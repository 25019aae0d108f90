package dev.callwire.webrtc.internal;

import dev.callwire.CallwireException;
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
final class LocalMedia implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMedia.class);

    private final ClientConfig config;
    private final ScheduledExecutorService mediaThread;
    private final AudioDeviceModuleBase audioModule;
    private final boolean headless;
    private final PeerConnectionFactory factory;
    private final VideoFanout preview;

    private TestPatternSource testPattern;
    private VideoDeviceSource camera;
    private ToneSource tone;
    private AudioTrackSource microphone;
    private VideoTrack videoTrack;
    private AudioTrack audioTrack;
    private boolean started;
    private boolean closed;

    LocalMedia(ClientConfig config, ScheduledExecutorService mediaThread, Executor renderThreads) {
        this.config = config;
        this.mediaThread = mediaThread;
        this.preview = new VideoFanout(renderThreads);
        AudioInput audio = config.media().audio();
        boolean wantsMicrophone = audio.kind() == AudioInput.Kind.MICROPHONE
                || (audio.kind() == AudioInput.Kind.AUTOMATIC && hasMicrophone());
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
            if (audio.device() != null) {
                module.setRecordingDevice(findMicrophone(audio.device()));
            }
            this.audioModule = module;
        }
        this.factory = new PeerConnectionFactory(audioModule);
        LOG.info("Media engine ready: audio {}, requested {}", headless ? "headless" : "system devices", config.media());
    }

    PeerConnectionFactory factory() {
        return factory;
    }

    /** Starts sources and makes the local tracks; idempotent. Engine thread. */
    void startTracks() {
        if (started || closed) {
            return;
        }
        started = true;
        MediaOptions media = config.media();
        startVideo(media);
        startAudio(media.audio());
    }

    /** The track to send, or {@code null} when video input is {@code NONE}. */
    VideoTrack videoTrack() {
        return videoTrack;
    }

    /** The track to send, or {@code null} when audio input is {@code NONE}. */
    AudioTrack audioTrack() {
        return audioTrack;
    }

    void addPreviewRenderer(MediaRenderer renderer) {
        preview.add(renderer);
    }

    void removePreviewRenderer(MediaRenderer renderer) {
        preview.remove(renderer);
    }

    private void startVideo(MediaOptions media) {
        VideoInput input = media.video();
        VideoInput.Kind kind = input.kind();
        if (kind == VideoInput.Kind.NONE) {
            return;
        }
        if (kind == VideoInput.Kind.AUTOMATIC) {
            kind = cameras().isEmpty() ? VideoInput.Kind.TEST_PATTERN : VideoInput.Kind.CAMERA;
            LOG.info("Video input: {}", kind == VideoInput.Kind.CAMERA ? "first camera" : "test pattern (no camera found)");
        }
        if (kind == VideoInput.Kind.CAMERA) {
            VideoDevice device = findCamera(input.device());
            camera = new VideoDeviceSource();
            camera.setVideoCaptureDevice(device);
            VideoCaptureCapability capability = closestCapability(device, media);
            if (capability != null) {
                camera.setVideoCaptureCapability(capability);
            }
            try {
                camera.start();
            } catch (RuntimeException e) {
                throw new CallwireException(CallwireException.Reason.MEDIA_DEVICE,
                        "camera '" + device.getName() + "' could not be started: " + e.getMessage(), e);
            }
            videoTrack = factory.createVideoTrack("callwire-video", camera);
        } else {
            testPattern = new TestPatternSource(new CustomVideoSource(), media.width(), media.height(),
                    media.frameRate());
            videoTrack = factory.createVideoTrack("callwire-video", testPattern.source());
            testPattern.start(mediaThread);
        }
        videoTrack.addSink(preview);
    }

    private void startAudio(AudioInput input) {
        switch (input.kind()) {
            case NONE:
                return;
            case TONE:
                startTone(input.toneHz(), input.toneLevel());
                return;
            case AUTOMATIC:
                if (headless) {
                    LOG.info("Audio input: 440 Hz tone (no microphone in use)");
                    startTone(440, 0.5);
                    return;
                }
                break;
            default:
                break;
        }
        microphone = factory.createAudioSource(new AudioOptions());
        audioTrack = factory.createAudioTrack("callwire-audio", microphone);
    }

    private void startTone(double hz, double level) {
        tone = new ToneSource(new CustomAudioSource(), hz, level);
        audioTrack = factory.createAudioTrack("callwire-audio", tone.source());
        tone.start(mediaThread);
    }

    private static boolean hasMicrophone() {
        try {
            return !MediaDevices.getAudioCaptureDevices().isEmpty();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Audio capture devices could not be listed: {}", e.toString());
            return false;
        }
    }

    private static List<VideoDevice> cameras() {
        try {
            return MediaDevices.getVideoCaptureDevices();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Cameras could not be listed: {}", e.toString());
            return List.of();
        }
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
        List<AudioDevice> microphones = MediaDevices.getAudioCaptureDevices();
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

    /** Stops sources and disposes every native object, tracks before sources before the factory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        preview.clear();
        if (testPattern != null) {
            testPattern.stop();
        }
        if (tone != null) {
            tone.stop();
        }
        if (camera != null) {
            quietly("stop camera", camera::stop);
        }
        if (videoTrack != null) {
            quietly("remove preview sink", () -> videoTrack.removeSink(preview));
            quietly("dispose video track", videoTrack::dispose);
        }
        if (audioTrack != null) {
            quietly("dispose audio track", audioTrack::dispose);
        }
        if (testPattern != null) {
            quietly("dispose test pattern", testPattern.source()::dispose);
        }
        if (camera != null) {
            quietly("dispose camera", camera::dispose);
        }
        if (tone != null) {
            quietly("dispose tone", tone.source()::dispose);
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
