package dev.callwire.testing;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the console output of the call bot ({@code samples/call-bot}) for tests and benchmarks that run it as a
 * process. Every few seconds the bot prints a progress line per live call, of the form
 * {@code call ID with PEER: WxH F fps K kbps, N frames decoded, audio P pkts}.
 */
public final class BotOutput {

    private static final Pattern FRAMES_DECODED = Pattern.compile(", (\\d+) frames decoded");

    private BotOutput() {
    }

    /** The frame count of the newest progress line among {@code lines}; 0 before the first. */
    public static long framesDecoded(List<String> lines) {
        long frames = 0;
        for (String line : lines) {
            Matcher m = FRAMES_DECODED.matcher(line);
            if (m.find()) {
                frames = Long.parseLong(m.group(1));
            }
        }
        return frames;
    }
}
