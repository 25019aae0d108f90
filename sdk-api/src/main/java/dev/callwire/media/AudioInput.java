package dev.callwire.media;

import java.util.Objects;

/**
 * Where a client's outgoing audio comes from.
 *
 * @param kind        the kind of source
 * @param device      microphone name (or a unique part of it) for {@link Kind#MICROPHONE}, else {@code null}
 * @param toneHz      frequency of the {@link Kind#TONE} sine, else 0
 * @param toneLevel   amplitude of the tone from 0 (silent) to 1 (full scale), else 0
 */
public record AudioInput(Kind kind, String device, double toneHz, double toneLevel) {

    /** Kinds of audio source. */
    public enum Kind {
        /** The default microphone if there is one, else a 440 Hz tone. */
        AUTOMATIC,
        /** A microphone; {@code device} names it, or {@code null} for the default. Fails if none exists. */
        MICROPHONE,
        /** A synthetic sine tone: for bots, tests and machines without microphone. */
        TONE,
        /** No outgoing audio; the client still receives. */
        NONE
    }

    /**
     * Checks the combination; prefer the factory methods.
     *
     * @param kind      the kind of source, never {@code null}
     * @param device    microphone name (or a unique part of it) for {@link Kind#MICROPHONE}, else {@code null}
     * @param toneHz    frequency of the {@link Kind#TONE} sine, else ignored
     * @param toneLevel amplitude of the tone from 0 to 1, else ignored
     * @throws NullPointerException     if {@code kind} is {@code null}
     * @throws IllegalArgumentException if {@code device} is set for a kind other than {@code MICROPHONE}, or a
     *                                  tone's frequency is not between 0 and 24000 Hz (exclusive) or its level
     *                                  not between 0 and 1
     */
    public AudioInput {
        Objects.requireNonNull(kind, "kind");
        if (device != null && kind != Kind.MICROPHONE) {
            throw new IllegalArgumentException("only a MICROPHONE input names a device");
        }
        if (kind == Kind.TONE) {
            if (!(toneHz > 0 && toneHz < 24_000)) {
                throw new IllegalArgumentException("toneHz must be between 0 and 24000 Hz, got " + toneHz);
            }
            if (!(toneLevel >= 0 && toneLevel <= 1)) {
                throw new IllegalArgumentException("toneLevel must be between 0 and 1, got " + toneLevel);
            }
        }
    }

    /**
     * The default microphone if there is one, else a 440 Hz tone; the default.
     *
     * @return an {@link Kind#AUTOMATIC} input, never {@code null}
     */
    public static AudioInput automatic() {
        return new AudioInput(Kind.AUTOMATIC, null, 0, 0);
    }

    /**
     * A microphone. A named one that is not found makes {@link dev.callwire.CallClient#create} fail with
     * {@code MEDIA_DEVICE}.
     *
     * @param name part of the microphone's name, matched case-insensitively; {@code null} for the default microphone
     * @return a {@link Kind#MICROPHONE} input, never {@code null}
     */
    public static AudioInput microphone(String name) {
        return new AudioInput(Kind.MICROPHONE, name, 0, 0);
    }

    /**
     * A sine tone at half scale.
     *
     * @param hz frequency, above 0 and below 24000 Hz
     * @return a {@link Kind#TONE} input, never {@code null}
     * @throws IllegalArgumentException if {@code hz} is out of range
     */
    public static AudioInput tone(double hz) {
        return tone(hz, 0.5);
    }

    /**
     * A sine tone.
     *
     * @param hz    frequency, above 0 and below 24000 Hz
     * @param level amplitude from 0 (silent) to 1 (full scale)
     * @return a {@link Kind#TONE} input, never {@code null}
     * @throws IllegalArgumentException if {@code hz} or {@code level} is out of range
     */
    public static AudioInput tone(double hz, double level) {
        return new AudioInput(Kind.TONE, null, hz, level);
    }

    /**
     * No outgoing audio; the client still receives.
     *
     * @return a {@link Kind#NONE} input, never {@code null}
     */
    public static AudioInput none() {
        return new AudioInput(Kind.NONE, null, 0, 0);
    }
}
