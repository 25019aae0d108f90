package dev.callwire.media;

/**
 * One video stream the application can watch, such as a call's remote camera or its remote screen share:
 * renderers added here receive its decoded frames on an SDK render thread (see {@link MediaRenderer}).
 *
 * <p>Callable from any thread; adding and removing renderers never waits for the media engine. Renderers may
 * be added before the stream starts: they receive frames from its first one on.
 */
public interface VideoFeed {

    /**
     * Renders this stream into {@code renderer} until it is removed or the stream's owner ends. Adding the
     * same renderer twice has no effect.
     *
     * @param renderer called on an SDK render thread, never {@code null}
     * @throws NullPointerException if {@code renderer} is {@code null}
     */
    void addRenderer(MediaRenderer renderer);

    /**
     * Stops rendering this stream into {@code renderer}; renderers never added (or {@code null}) are ignored.
     *
     * @param renderer a renderer added before
     */
    void removeRenderer(MediaRenderer renderer);

    /**
     * Whether the stream is being received now. The owner of the feed says exactly when it starts and stops.
     *
     * @return {@code true} while the stream's track is present
     */
    boolean isActive();
}
