package dev.callwire.media;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a client's outgoing video comes from: one record per kind of source, each holding only what that
 * kind needs. Make them with the factory methods ({@link #automatic()}, {@link #camera(String)},
 * {@link #testPattern()}, ...); an engine tells them apart with {@code instanceof} patterns.
 */
public sealed interface VideoInput
        permits VideoInput.Automatic, VideoInput.FirstCamera, VideoInput.Camera, VideoInput.TestPattern,
        VideoInput.Image, VideoInput.None {

    /**
     * The first camera if there is one, else the test pattern; the default.
     *
     * @return an {@link Automatic} input, never {@code null}
     */
    static VideoInput automatic() {
        return new Automatic();
    }

    /**
     * The first camera the system lists. If there is none or it cannot be started, the first {@code join}
     * fails with {@code MEDIA_DEVICE}.
     *
     * @return a {@link FirstCamera} input, never {@code null}
     */
    static VideoInput camera() {
        return new FirstCamera();
    }

    /**
     * A camera chosen by name. If it is not found or cannot be started, the first {@code join} fails with
     * {@code MEDIA_DEVICE}.
     *
     * @param name part of the camera's name, matched case-insensitively; not blank
     * @return a {@link Camera} input, never {@code null}
     * @throws NullPointerException     if {@code name} is {@code null} ({@link #camera()} takes the first camera)
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static VideoInput camera(String name) {
        return new Camera(name);
    }

    /**
     * A moving synthetic pattern with a frame counter drawn in, at the configured resolution and frame rate.
     *
     * @return a {@link TestPattern} input, never {@code null}
     */
    static VideoInput testPattern() {
        return new TestPattern();
    }

    /**
     * A still picture sent as video at the configured frame rate, in the picture's own size (trimmed to even
     * dimensions). The file is read when the input starts; an unreadable one fails with {@code MEDIA_DEVICE}.
     *
     * @param file a picture file Java's ImageIO can read (PNG, JPEG, GIF, BMP)
     * @return an {@link Image} input, never {@code null}
     * @throws NullPointerException if {@code file} is {@code null}
     */
    static VideoInput image(Path file) {
        return new Image(file);
    }

    /**
     * No outgoing video; the client still receives.
     *
     * @return a {@link None} input, never {@code null}
     */
    static VideoInput none() {
        return new None();
    }

    /** The first camera if there is one, else the test pattern. All instances are equal. */
    record Automatic() implements VideoInput {
    }

    /** The first camera the system lists; fails with {@code MEDIA_DEVICE} if there is none. All instances are equal. */
    record FirstCamera() implements VideoInput {
    }

    /**
     * A camera chosen by name; fails with {@code MEDIA_DEVICE} if no camera's name contains it.
     *
     * @param name part of the camera's name, matched case-insensitively; never {@code null} or blank
     */
    record Camera(String name) implements VideoInput {

        /**
         * Checks the name; prefer {@link VideoInput#camera(String)}.
         *
         * @param name part of the camera's name, matched case-insensitively
         * @throws NullPointerException     if {@code name} is {@code null}
         * @throws IllegalArgumentException if {@code name} is blank (it would match every camera)
         */
        public Camera {
            Objects.requireNonNull(name, "name: use VideoInput.camera() for the first camera");
            if (name.isBlank()) {
                throw new IllegalArgumentException(
                        "name must not be blank: use VideoInput.camera() for the first camera");
            }
        }
    }

    /** A moving synthetic pattern with a frame counter drawn in: for bots, tests and machines without camera. */
    record TestPattern() implements VideoInput {
    }

    /**
     * A still picture (PNG, JPEG, ...) sent as video: a placeholder or avatar while no camera is used.
     *
     * @param file the picture file, read when the input starts; never {@code null}
     */
    record Image(Path file) implements VideoInput {

        /**
         * Checks the file is given; prefer {@link VideoInput#image(Path)}.
         *
         * @param file the picture file
         * @throws NullPointerException if {@code file} is {@code null}
         */
        public Image {
            Objects.requireNonNull(file, "file");
        }
    }

    /** No outgoing video; the client still receives. All instances are equal. */
    record None() implements VideoInput {
    }
}
