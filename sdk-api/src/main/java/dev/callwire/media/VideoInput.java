package dev.callwire.media;

import java.util.Objects;

/**
 * Where a client's outgoing video comes from.
 *
 * @param kind   the kind of source
 * @param device camera name (or a unique part of it) for {@link Kind#CAMERA}, else {@code null}
 * @param image  the picture for {@link Kind#IMAGE}, else {@code null}
 */
public record VideoInput(Kind kind, String device, java.nio.file.Path image) {

    /** Kinds of video source. */
    public enum Kind {
        /** The first camera if there is one, else the test pattern. */
        AUTOMATIC,
        /** A camera; {@code device} names it, or {@code null} for the first. Fails if none exists. */
        CAMERA,
        /** A moving synthetic pattern with a frame counter drawn in: for bots, tests and machines without camera. */
        TEST_PATTERN,
        /** A still picture (PNG, JPEG, ...) sent as video: a placeholder or avatar while no camera is used. */
        IMAGE,
        /** No outgoing video; the client still receives. */
        NONE
    }

    /**
     * Checks the combination; prefer the factory methods.
     *
     * @param kind   the kind of source, never {@code null}
     * @param device camera name (or a unique part of it) for {@link Kind#CAMERA}, else {@code null}
     * @param image  the picture for {@link Kind#IMAGE}, else {@code null}
     * @throws NullPointerException     if {@code kind} is {@code null}
     * @throws IllegalArgumentException if {@code device} is set for a kind other than {@code CAMERA}, or
     *                                  {@code image} is missing for {@code IMAGE} or set for another kind
     */
    public VideoInput {
        Objects.requireNonNull(kind, "kind");
        if (device != null && kind != Kind.CAMERA) {
            throw new IllegalArgumentException("only a CAMERA input names a device");
        }
        if ((image != null) != (kind == Kind.IMAGE)) {
            throw new IllegalArgumentException("an IMAGE input, and only it, needs an image file");
        }
    }

    /**
     * An input without an image file.
     *
     * @param kind   the kind of source, not {@link Kind#IMAGE}
     * @param device camera name for {@link Kind#CAMERA}, else {@code null}
     */
    public VideoInput(Kind kind, String device) {
        this(kind, device, null);
    }

    /**
     * A still picture sent as video at the configured frame rate, in the picture's own size (trimmed to even
     * dimensions). The file is read when the input starts; an unreadable one fails with {@code MEDIA_DEVICE}.
     *
     * @param file a picture file Java's ImageIO can read (PNG, JPEG, GIF, BMP)
     * @return an {@link Kind#IMAGE} input, never {@code null}
     */
    public static VideoInput image(java.nio.file.Path file) {
        return new VideoInput(Kind.IMAGE, null, Objects.requireNonNull(file, "file"));
    }

    /**
     * The first camera if there is one, else the test pattern; the default.
     *
     * @return an {@link Kind#AUTOMATIC} input, never {@code null}
     */
    public static VideoInput automatic() {
        return new VideoInput(Kind.AUTOMATIC, null);
    }

    /**
     * A camera. If it is not found or cannot be started, the first {@code join} fails with {@code MEDIA_DEVICE}.
     *
     * @param name part of the camera's name, matched case-insensitively; {@code null} for the first camera
     * @return a {@link Kind#CAMERA} input, never {@code null}
     */
    public static VideoInput camera(String name) {
        return new VideoInput(Kind.CAMERA, name);
    }

    /**
     * A moving synthetic pattern at the configured resolution and frame rate.
     *
     * @return a {@link Kind#TEST_PATTERN} input, never {@code null}
     */
    public static VideoInput testPattern() {
        return new VideoInput(Kind.TEST_PATTERN, null);
    }

    /**
     * No outgoing video; the client still receives.
     *
     * @return a {@link Kind#NONE} input, never {@code null}
     */
    public static VideoInput none() {
        return new VideoInput(Kind.NONE, null);
    }
}
