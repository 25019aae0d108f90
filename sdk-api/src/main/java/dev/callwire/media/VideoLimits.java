package dev.callwire.media;

/**
 * Caps on the video a call sends, applied live (no renegotiation) through the sender's encoding parameters.
 * The encoder stays under them; WebRTC's congestion control may still send less.
 *
 * @param maxBitrateBps most bits per second to send, or 0 for no cap
 * @param maxFrameRate  most frames per second to send, or 0 for no cap
 * @param scaleDown     factor to shrink the resolution by before encoding: 1 keeps it, 2 halves width and height
 */
public record VideoLimits(int maxBitrateBps, double maxFrameRate, double scaleDown) {

    /** No caps: what the encoder and the network allow. */
    public static final VideoLimits NONE = new VideoLimits(0, 0, 1);

    /**
     * Checks the ranges.
     *
     * @param maxBitrateBps most bits per second to send, or 0 for no cap; not negative
     * @param maxFrameRate  most frames per second to send, 0 (no cap) to 120
     * @param scaleDown     factor to shrink the resolution by, 1 (keep it) to 16
     * @throws IllegalArgumentException if a value is out of range (NaN included); the message names it
     */
    public VideoLimits {
        if (maxBitrateBps < 0) {
            throw new IllegalArgumentException("maxBitrateBps must not be negative, got " + maxBitrateBps);
        }
        if (!(maxFrameRate >= 0 && maxFrameRate <= 120)) {
            throw new IllegalArgumentException("maxFrameRate must be between 0 and 120, got " + maxFrameRate);
        }
        if (!(scaleDown >= 1 && scaleDown <= 16)) {
            throw new IllegalArgumentException("scaleDown must be between 1 and 16, got " + scaleDown);
        }
    }

    /**
     * Only a bitrate cap.
     *
     * @param bitsPerSecond most bits per second to send, or 0 for no cap; not negative
     * @return the limits, never {@code null}
     * @throws IllegalArgumentException if {@code bitsPerSecond} is negative
     */
    public static VideoLimits maxBitrate(int bitsPerSecond) {
        return new VideoLimits(bitsPerSecond, 0, 1);
    }
}
