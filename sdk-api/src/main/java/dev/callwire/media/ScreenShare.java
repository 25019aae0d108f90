package dev.callwire.media;

/**
 * What to share: a {@link WholeScreen whole screen}, or a {@link Region rectangle} of one (for a window, pass
 * the window's bounds, e.g. a Swing frame's {@code getBounds()}). Captured at {@link #frameRate()} frames per
 * second. Make them with {@link #screen(int)} and {@link #region(int, int, int, int)}, or with a record's
 * constructor for another frame rate.
 */
public sealed interface ScreenShare permits ScreenShare.WholeScreen, ScreenShare.Region {

    /**
     * The screen shared, or the one the region lies on.
     *
     * @return index of the screen (0 = the default), as {@code GraphicsEnvironment} lists them; not negative
     */
    int screen();

    /**
     * How often the screen is captured.
     *
     * @return frames per second, 1 to 30
     */
    int frameRate();

    /**
     * A whole screen at 10 fps.
     *
     * @param screen index of the screen (0 = the default)
     * @return a {@link WholeScreen} share, never {@code null}
     * @throws IllegalArgumentException if {@code screen} is negative
     */
    static ScreenShare screen(int screen) {
        return new WholeScreen(screen, 10);
    }

    /**
     * A rectangle of the default screen at 10 fps.
     *
     * @param x      left edge on the default screen, not negative
     * @param y      top edge, not negative
     * @param width  width, at least 2
     * @param height height, at least 2
     * @return a {@link Region} share, never {@code null}
     * @throws IllegalArgumentException naming the value that is out of range
     */
    static ScreenShare region(int x, int y, int width, int height) {
        return new Region(0, x, y, width, height, 10);
    }

    /**
     * A whole screen.
     *
     * @param screen    index of the screen (0 = the default), as {@code GraphicsEnvironment} lists them
     * @param frameRate frames per second, 1 to 30
     */
    record WholeScreen(int screen, int frameRate) implements ScreenShare {

        /**
         * Checks the values; prefer {@link ScreenShare#screen(int)}.
         *
         * @param screen    index of the screen, not negative
         * @param frameRate frames per second, 1 to 30
         * @throws IllegalArgumentException naming the value that is out of range
         */
        public WholeScreen {
            checkScreenAndFrameRate(screen, frameRate);
        }
    }

    /**
     * A rectangle of a screen, in that screen's coordinates. The part outside the screen is cut off when the
     * share starts; a region entirely outside fails then with {@code MEDIA_DEVICE}.
     *
     * @param screen    index of the screen (0 = the default), as {@code GraphicsEnvironment} lists them
     * @param x         left edge, not negative
     * @param y         top edge, not negative
     * @param width     width, at least 2
     * @param height    height, at least 2
     * @param frameRate frames per second, 1 to 30
     */
    record Region(int screen, int x, int y, int width, int height, int frameRate) implements ScreenShare {

        /**
         * Checks the values; prefer {@link ScreenShare#region(int, int, int, int)}.
         *
         * @param screen    index of the screen, not negative
         * @param x         left edge, not negative
         * @param y         top edge, not negative
         * @param width     width, at least 2
         * @param height    height, at least 2
         * @param frameRate frames per second, 1 to 30
         * @throws IllegalArgumentException naming the value that is out of range
         */
        public Region {
            checkScreenAndFrameRate(screen, frameRate);
            if (x < 0 || y < 0) {
                throw new IllegalArgumentException("x and y must not be negative, got " + x + "," + y);
            }
            // A video frame in I420 needs at least 2x2 pixels.
            if (width < 2 || height < 2) {
                throw new IllegalArgumentException("width and height must be at least 2, got " + width + "x" + height);
            }
        }
    }

    private static void checkScreenAndFrameRate(int screen, int frameRate) {
        if (screen < 0) {
            throw new IllegalArgumentException("screen must not be negative, got " + screen);
        }
        if (frameRate < 1 || frameRate > 30) {
            throw new IllegalArgumentException("frameRate must be between 1 and 30, got " + frameRate);
        }
    }
}
