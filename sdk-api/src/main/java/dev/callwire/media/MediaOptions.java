package dev.callwire.media;

import java.util.Objects;

/**
 * What a client sends: the video and audio sources and the video format asked of them.
 * Immutable; make one with {@link #builder()}.
 */
public final class MediaOptions {

    private final VideoInput video;
    private final AudioInput audio;
    private final int width;
    private final int height;
    private final int frameRate;

    private MediaOptions(Builder b) {
        this.video = Objects.requireNonNull(b.video, "video");
        this.audio = Objects.requireNonNull(b.audio, "audio");
        if (b.width < 16 || b.width > 3840 || b.width % 2 != 0) {
            throw new IllegalArgumentException("width must be even and between 16 and 3840, got " + b.width);
        }
        if (b.height < 16 || b.height > 2160 || b.height % 2 != 0) {
            throw new IllegalArgumentException("height must be even and between 16 and 2160, got " + b.height);
        }
        if (b.frameRate < 1 || b.frameRate > 60) {
            throw new IllegalArgumentException("frameRate must be between 1 and 60, got " + b.frameRate);
        }
        this.width = b.width;
        this.height = b.height;
        this.frameRate = b.frameRate;
    }

    /**
     * Automatic camera/microphone (falling back to test pattern and tone), 640x480 at 30 fps.
     *
     * @return the defaults, never {@code null}
     */
    public static MediaOptions defaults() {
        return builder().build();
    }

    /**
     * Starts options from the defaults.
     *
     * @return a new builder, never {@code null}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a variant of these options; these options never change.
     *
     * @return a new builder holding every value of these options, never {@code null}
     */
    public Builder toBuilder() {
        return new Builder().video(video).audio(audio).resolution(width, height).frameRate(frameRate);
    }

    /**
     * Where outgoing video comes from.
     *
     * @return the video source, {@link VideoInput#automatic()} by default; never {@code null}
     */
    public VideoInput video() {
        return video;
    }

    /**
     * Where outgoing audio comes from.
     *
     * @return the audio source, {@link AudioInput#automatic()} by default; never {@code null}
     */
    public AudioInput audio() {
        return audio;
    }

    /**
     * Width of outgoing video; a camera delivers its capture format closest to it.
     *
     * @return even, 16 to 3840 pixels; 640 by default
     */
    public int width() {
        return width;
    }

    /**
     * Height of outgoing video; a camera delivers its capture format closest to it.
     *
     * @return even, 16 to 2160 pixels; 480 by default
     */
    public int height() {
        return height;
    }

    /**
     * Frame rate asked of the video source.
     *
     * @return 1 to 60 frames per second; 30 by default
     */
    public int frameRate() {
        return frameRate;
    }

    @Override
    public String toString() {
        return "MediaOptions[video=" + video + ", audio=" + audio + ", " + width + "x" + height + "@" + frameRate + "]";
    }

    /**
     * Builds {@link MediaOptions}. Setters only record values; {@link #build()} checks them. Not thread-safe.
     */
    public static final class Builder {
        private VideoInput video = VideoInput.automatic();
        private AudioInput audio = AudioInput.automatic();
        private int width = 640;
        private int height = 480;
        private int frameRate = 30;

        private Builder() {
        }

        /**
         * Sets where outgoing video comes from.
         *
         * @param video never {@code null} (checked by {@link #build()})
         * @return this builder
         */
        public Builder video(VideoInput video) {
            this.video = video;
            return this;
        }

        /**
         * Sets where outgoing audio comes from.
         *
         * @param audio never {@code null} (checked by {@link #build()})
         * @return this builder
         */
        public Builder audio(AudioInput audio) {
            this.audio = audio;
            return this;
        }

        /**
         * Width and height of outgoing video (for a camera: the capture format asked for).
         *
         * @param width  even, 16 to 3840 pixels (checked by {@link #build()})
         * @param height even, 16 to 2160 pixels (checked by {@link #build()})
         * @return this builder
         */
        public Builder resolution(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * Sets the frame rate asked of the video source.
         *
         * @param frameRate 1 to 60 frames per second (checked by {@link #build()})
         * @return this builder
         */
        public Builder frameRate(int frameRate) {
            this.frameRate = frameRate;
            return this;
        }

        /**
         * Checks every value and makes the options.
         *
         * @return new immutable options, never {@code null}
         * @throws NullPointerException     if the video or audio input is {@code null}; the message names it
         * @throws IllegalArgumentException naming the field that is out of range
         */
        public MediaOptions build() {
            return new MediaOptions(this);
        }
    }
}
