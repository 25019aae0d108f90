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

    /** Automatic camera/microphone (falling back to test pattern and tone), 640x480 at 30 fps. */
    public static MediaOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().video(video).audio(audio).resolution(width, height).frameRate(frameRate);
    }

    public VideoInput video() {
        return video;
    }

    public AudioInput audio() {
        return audio;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int frameRate() {
        return frameRate;
    }

    @Override
    public String toString() {
        return "MediaOptions[video=" + video + ", audio=" + audio + ", " + width + "x" + height + "@" + frameRate + "]";
    }

    /** Builds {@link MediaOptions}. */
    public static final class Builder {
        private VideoInput video = VideoInput.automatic();
        private AudioInput audio = AudioInput.automatic();
        private int width = 640;
        private int height = 480;
        private int frameRate = 30;

        private Builder() {
        }

        public Builder video(VideoInput video) {
            this.video = video;
            return this;
        }

        public Builder audio(AudioInput audio) {
            this.audio = audio;
            return this;
        }

        /** Width and height of outgoing video (for a camera: the capture format asked for). */
        public Builder resolution(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder frameRate(int frameRate) {
            this.frameRate = frameRate;
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is out of range */
        public MediaOptions build() {
            return new MediaOptions(this);
        }
    }
}
