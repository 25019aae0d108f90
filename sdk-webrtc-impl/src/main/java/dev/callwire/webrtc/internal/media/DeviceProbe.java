package dev.callwire.webrtc.internal.media;

import dev.callwire.webrtc.internal.Threads;
import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.video.VideoDevice;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists devices without risking the caller's thread: on a machine with the PulseAudio client library but
 * no PulseAudio server (servers, containers, CI) libwebrtc's audio device enumeration never returns. Each
 * listing runs on a probe thread with a time limit; a listing that times out counts as "no devices", is
 * reported once, and that kind is not asked again in this JVM (the stuck native call keeps its thread).
 */
public final class DeviceProbe {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceProbe.class);
    private static final long LIMIT_MILLIS = 3_000;
    private static final ExecutorService PROBES = Executors.newCachedThreadPool(Threads.daemon("callwire-device-probe"));
    private static volatile boolean audioUnavailable;
    private static volatile boolean videoUnavailable;

    private DeviceProbe() {
    }

    static List<VideoDevice> cameras() {
        if (videoUnavailable) {
            return List.of();
        }
        List<VideoDevice> cameras = probe("cameras", MediaDevices::getVideoCaptureDevices);
        if (cameras == null) {
            videoUnavailable = true;
            return List.of();
        }
        return cameras;
    }

    static List<AudioDevice> microphones() {
        return audio("microphones", MediaDevices::getAudioCaptureDevices);
    }

    static List<AudioDevice> speakers() {
        return audio("speakers", MediaDevices::getAudioRenderDevices);
    }

    private static List<AudioDevice> audio(String what, Callable<List<AudioDevice>> listing) {
        if (audioUnavailable) {
            return List.of();
        }
        List<AudioDevice> devices = probe(what, listing);
        if (devices == null) {
            audioUnavailable = true;
            return List.of();
        }
        return devices;
    }

    /** Registers for device changes on a probe thread: the native device manager may block like the listing. */
    public static void watch(dev.onvoid.webrtc.media.DeviceChangeListener listener) {
        PROBES.execute(() -> {
            try {
                MediaDevices.addDeviceChangeListener(listener);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Device changes cannot be watched on this platform: {}", e.toString());
            }
        });
    }

    public static void unwatch(dev.onvoid.webrtc.media.DeviceChangeListener listener) {
        PROBES.execute(() -> {
            try {
                MediaDevices.removeDeviceChangeListener(listener);
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("Removing the device listener failed: {}", e.toString());
            }
        });
    }

    /** The listing, or {@code null} if it did not answer in time; failures count as an empty list. */
    private static <T> List<T> probe(String what, Callable<List<T>> listing) {
        Future<List<T>> answer = PROBES.submit(listing);
        try {
            List<T> devices = answer.get(LIMIT_MILLIS, TimeUnit.MILLISECONDS);
            return devices == null ? List.of() : List.copyOf(devices);
        } catch (TimeoutException e) {
            LOG.warn("Listing {} did not answer within {} ms (no PulseAudio/device service running?); continuing "
                    + "as if there were none", what, LIMIT_MILLIS);
            return null;
        } catch (ExecutionException e) {
            LOG.debug("Listing {} failed: {}", what, e.getCause().toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
