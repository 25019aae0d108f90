package dev.callwire.media;

/**
 * Receives decoded video: a remote participant's, or the local preview.
 *
 * <p>{@link #onFrame} is called on an SDK render thread, one frame at a time per renderer, never on a
 * native WebRTC thread or a listener thread. The SDK hands frames over through a "keep newest" slot:
 * while a renderer is still busy with one frame, newer frames replace the waiting one, so a slow
 * renderer drops frames instead of building up memory or delay.
 *
 * <p>The {@link VideoFrame} belongs to the SDK and is valid only until {@code onFrame} returns; it is
 * reused for later frames. Copy out what you need to keep (e.g. with {@link VideoFrame#toArgb}).
 * Exceptions thrown here are logged and do not stop later frames.
 */
@FunctionalInterface
public interface MediaRenderer {

    /**
     * A new frame. Must not block for long: frames arriving meanwhile are dropped.
     *
     * @param frame the frame, never {@code null}; owned by the SDK and valid only until this method returns
     */
    void onFrame(VideoFrame frame);
}
