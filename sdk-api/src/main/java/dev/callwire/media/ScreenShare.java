package dev.callwire.media;

/**
 * What to share: a whole screen, or a rectangle of it (for a window, pass the window's bounds, e.g. a Swing
 * frame's {@code getBounds()}). Captured at {@code frameRate} frames per second.
 *
 * @param screen    index of the screen (0 = the default), as {@code GraphicsEnvironment} lists them
 * @param x         left edge of the region in screen coordinates, or -1 for the whole screen
 * @param y         top edge of the region, or -1 for the whole screen
 * @param width     region width (0 for the whole screen)
 * @param height    region height (0 for the whole screen)
 * @param frameRate frames per second, 1 to 30
 */
public record ScreenShare(int screen, int x, int y, int width, int height, int frameRate) {

    /**
     * Checks the values; prefer {@link #screen(int)} and {@link #region(int, int, int, int)}.
     *
     * @param screen    index of the screen
     * @param x         left edge of the region, or -1 for the whole screen
     * @param y         top edge of the region, or -1 for the whole screen
     * @param width     region width, or 0 for the whole screen
     * @param height    region height, or 0 for the whole screen
     * @param frameRate frames per second, 1 to 30
     * @throws IllegalArgumentException naming the value that is out of range
     */
    public ScreenShare {
        if (screen < 0) {
            throw new IllegalArgumentException("screen must not be negative, got " + screen);
        }
        if (frameRate < 1 || frameRate > 30) {
            throw new IllegalArgumentException("frameRate must be between 1 and 30, got " + frameRate);
        }
        boolean whole = x == -1 && y == -1 && width == 0 && height == 0;
        if (!whole && (x < 0 || y < 0 || width < 2 || height < 2)) {
            throw new IllegalArgumentException("a region needs x, y >= 0 and a size of at least 2x2, got " + x + ","
                    + y + " " + width + "x" + height);
        }
    }

    /**
     * @param screen index of the screen (0 = the default)
     * @return the whole screen at 10 fps
     */
    public static ScreenShare screen(int screen) {
        return new ScreenShare(screen, -1, -1, 0, 0, 10);
    }

    /**
     * @param x      left edge on the default screen
     * @param y      top edge
     * @param width  width, at least 2
     * @param height height, at least 2
     * @return that rectangle of the default screen at 10 fps
     */
    public static ScreenShare region(int x, int y, int width, int height) {
        return new ScreenShare(0, x, y, width, height, 10);
    }

    /** @return whether the whole screen is shared (not a region) */
    public boolean isWholeScreen() {
        return width == 0;
    }
}
