package dev.callwire.media;

import java.util.Objects;

/**
 * Where a client's outgoing video comes from.
 *
 * @param kind   the kind of source
 * @param device camera name (or a unique part of it) for {@link Kind#CAMERA}, else {@code null}
 */
public record VideoInput(Kind kind, String device) {

    /** Kinds of video source. */
    public enum Kind {
        /** The first camera if there is one, else the test pattern. */
        AUTOMATIC,
        /** A camera; {@code device} names it, or {@code null} for the first. Fails if none exists. */
        CAMERA,
        /** A moving synthetic pattern with a frame counter drawn in: for bots, tests and machines without camera. */
        TEST_PATTERN,
        /** No outgoing video; the client still receives. */
        NONE
    }

    public VideoInput {
        Objects.requireNonNull(kind, "kind");
        if (device != null && kind != Kind.CAMERA) {
            throw new IllegalArgumentException("only a CAMERA input names a device");
        }
    }

    public static VideoInput automatic() {
        return new VideoInput(Kind.AUTOMATIC, null);
    }

    /** The camera whose name contains {@code name}; {@code null} means the first camera. */
    public static VideoInput camera(String name) {
        return new VideoInput(Kind.CAMERA, name);
    }

    public static VideoInput testPattern() {
        return new VideoInput(Kind.TEST_PATTERN, null);
    }

    public static VideoInput none() {
        return new VideoInput(Kind.NONE, null);
    }
}
