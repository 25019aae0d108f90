package dev.callwire.webrtc.internal.media;

import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Synthetic microphone: a sine tone pushed into a {@link CustomAudioSource} in 10 ms chunks of 48 kHz mono PCM. */
final class ToneSource {

    private static final Logger LOG = LoggerFactory.getLogger(ToneSource.class);
    private static final int SAMPLE_RATE = 48_000;
    private static final int FRAMES_PER_CHUNK = SAMPLE_RATE / 100;

    private final CustomAudioSource source;
    private final double phaseStep;
    private final double amplitude;
    private final byte[] chunk = new byte[FRAMES_PER_CHUNK * 2];
    private double phase;
    private ScheduledFuture<?> task;

    ToneSource(CustomAudioSource source, double frequencyHz, double level) {
        this.source = source;
        this.phaseStep = 2 * Math.PI * frequencyHz / SAMPLE_RATE;
        this.amplitude = level * Short.MAX_VALUE;
    }

    CustomAudioSource source() {
        return source;
    }

    synchronized void start(ScheduledExecutorService mediaThread) {
        if (task == null) {
            task = mediaThread.scheduleAtFixedRate(this::pushSafely, 0, 10, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void pushSafely() {
        try {
            for (int i = 0; i < FRAMES_PER_CHUNK; i++) {
                int sample = (int) Math.round(Math.sin(phase) * amplitude);
                chunk[2 * i] = (byte) sample;
                chunk[2 * i + 1] = (byte) (sample >> 8);
                phase += phaseStep;
            }
            phase %= 2 * Math.PI;
            source.pushAudio(chunk, 16, SAMPLE_RATE, 1, FRAMES_PER_CHUNK);
        } catch (RuntimeException e) {
            LOG.warn("Tone chunk failed", e);
        }
    }
}
