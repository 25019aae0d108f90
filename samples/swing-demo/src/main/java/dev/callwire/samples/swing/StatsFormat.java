package dev.callwire.samples.swing;

import dev.callwire.CallStats;
import java.util.Locale;

/** One short human line per {@link CallStats} snapshot: what a person wants to see while a call runs. */
public final class StatsFormat {

    private StatsFormat() {
    }

    /** e.g. {@code 640x480 29.8 fps 1450 kbps RTT 0.4 ms audio 512 pkts}; received media only, plus RTT. */
    public static String line(CallStats stats) {
        CallStats.Inbound video = stats.videoIn();
        CallStats.Inbound audio = stats.audioIn();
        String size = video.frameWidth() > 0 ? video.frameWidth() + "x" + video.frameHeight() : "no video";
        return String.format(Locale.ROOT, "%s %4.1f fps %5d kbps RTT %s audio %d pkts", size,
                video.framesPerSecond(), (video.bitrateBps() + audio.bitrateBps()) / 1000,
                rtt(stats.roundTripTimeMillis()), audio.packetsReceived());
    }

    /** e.g. {@code 0.4 ms}, or {@code - ms} while unknown. */
    public static String rtt(double millis) {
        return Double.isNaN(millis) ? "- ms" : String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
