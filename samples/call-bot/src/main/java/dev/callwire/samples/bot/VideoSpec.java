package dev.callwire.samples.bot;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Outgoing video size and rate, written {@code WIDTHxHEIGHT@FPS} on the command line (e.g. {@code 320x240@15}).
 *
 * @param width  even, 16..3840
 * @param height even, 16..2160
 * @param fps    1..60
 */
public record VideoSpec(int width, int height, int fps) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})x(\\d{1,4})@(\\d{1,2})");

    public VideoSpec {
        if (width < 16 || width > 3840 || width % 2 != 0) {
            throw new IllegalArgumentException("video width must be even and between 16 and 3840, got " + width);
        }
        if (height < 16 || height > 2160 || height % 2 != 0) {
            throw new IllegalArgumentException("video height must be even and between 16 and 2160, got " + height);
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("video frame rate must be between 1 and 60, got " + fps);
        }
    }

    /** Parses {@code WxH@FPS}. @throws IllegalArgumentException with a message fit for a person */
    public static VideoSpec parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected WIDTHxHEIGHT@FPS such as 640x480@30, got '" + text + "'");
        }
        return new VideoSpec(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    @Override
    public String toString() {
        return width + "x" + height + "@" + fps;
    }
}
