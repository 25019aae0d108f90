package dev.callwire.samples.swing;

import java.util.concurrent.atomic.AtomicBoolean;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incoming-call sound: a two-tone ring (480 and 620 Hz, a second on, a second off) made on the fly, played
 * on a daemon thread through Java Sound until {@link #stop()}. Machines without a sound output (servers, CI)
 * only get a log line. {@link #setMuted} silences it, also while it rings.
 */
final class RingSound {

    private static final Logger LOG = LoggerFactory.getLogger(RingSound.class);
    private static final float RATE = 16_000f;

    private final AtomicBoolean ringing = new AtomicBoolean();
    private volatile boolean muted;
    private volatile boolean warned;
    private Thread player;

    void setMuted(boolean muted) {
        this.muted = muted;
    }

    boolean isMuted() {
        return muted;
    }

    boolean isRinging() {
        return ringing.get();
    }

    /** Starts ringing unless it already rings. EDT. */
    void start() {
        if (!ringing.compareAndSet(false, true)) {
            return;
        }
        player = new Thread(this::play, "callwire-demo-ring");
        player.setDaemon(true);
        player.start();
    }

    /** Stops ringing; idempotent. EDT. */
    void stop() {
        ringing.set(false);
        if (player != null) {
            player.interrupt();
            player = null;
        }
    }

    private void play() {
        AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
        try (SourceDataLine line = AudioSystem.getSourceDataLine(format)) {
            line.open(format, (int) RATE); // half a second of buffer
            line.start();
            byte[] on = ring(1.0);
            byte[] off = new byte[on.length];
            while (ringing.get()) {
                line.write(muted ? off : on, 0, on.length);
                line.write(off, 0, off.length);
            }
            line.flush();
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            if (!warned) {
                warned = true;
                LOG.info("No sound output for the ring ({}); the incoming-call dialog still shows", e.getMessage());
            }
        }
    }

    /** {@code seconds} of 480 Hz plus 620 Hz, fading in and out to avoid clicks; 16-bit little-endian mono. */
    static byte[] ring(double seconds) {
        int n = (int) (RATE * seconds);
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            double t = i / RATE;
            double envelope = Math.min(1.0, Math.min(i, n - 1 - i) / (RATE * 0.02));
            double v = 0.25 * envelope * (Math.sin(2 * Math.PI * 480 * t) + Math.sin(2 * Math.PI * 620 * t));
            short s = (short) Math.round(v * Short.MAX_VALUE);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }
}
