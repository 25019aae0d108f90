package dev.callwire.media;

import java.util.Objects;

/**
 * Where a client's outgoing audio comes from: one record per kind of source, each holding only what that
 * kind needs. Make them with the factory methods ({@link #automatic()}, {@link #microphone(String)},
 * {@link #tone(double)}, ...); an engine tells them apart with {@code instanceof} patterns.
 */
public sealed interface AudioInput
        permits AudioInput.Automatic, AudioInput.DefaultMicrophone, AudioInput.Microphone, AudioInput.Tone,
        AudioInput.None {

    /**
     * The default microphone if there is one, else a 440 Hz tone; the default.
     *
     * @return an {@link Automatic} input, never {@code null}
     */
    static AudioInput automatic() {
        return new Automatic();
    }

    /**
     * The system's default microphone. Without system audio devices (no microphone, or
     * {@code headlessAudio(true)}) the first {@code join} fails with {@code MEDIA_DEVICE}.
     *
     * @return a {@link DefaultMicrophone} input, never {@code null}
     */
    static AudioInput microphone() {
        return new DefaultMicrophone();
    }

    /**
     * A microphone chosen by name. One that is not found makes {@link dev.callwire.CallClient#create} fail
     * with {@code MEDIA_DEVICE}.
     *
     * @param name part of the microphone's name, matched case-insensitively; not blank
     * @return a {@link Microphone} input, never {@code null}
     * @throws NullPointerException     if {@code name} is {@code null} ({@link #microphone()} takes the default)
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static AudioInput microphone(String name) {
        return new Microphone(name);
    }

    /**
     * A sine tone at half scale.
     *
     * @param hz frequency, above 0 and below 24000 Hz
     * @return a {@link Tone} input, never {@code null}
     * @throws IllegalArgumentException if {@code hz} is out of range
     */
    static AudioInput tone(double hz) {
        return new Tone(hz, 0.5);
    }

    /**
     * A sine tone.
     *
     * @param hz    frequency, above 0 and below 24000 Hz
     * @param level amplitude from 0 (silent) to 1 (full scale)
     * @return a {@link Tone} input, never {@code null}
     * @throws IllegalArgumentException if {@code hz} or {@code level} is out of range
     */
    static AudioInput tone(double hz, double level) {
        return new Tone(hz, level);
    }

    /**
     * No outgoing audio; the client still receives.
     *
     * @return a {@link None} input, never {@code null}
     */
    static AudioInput none() {
        return new None();
    }

    /** The default microphone if there is one, else a 440 Hz tone. All instances are equal. */
    record Automatic() implements AudioInput {
    }

    /** The system's default microphone; fails with {@code MEDIA_DEVICE} if there is none. All instances are equal. */
    record DefaultMicrophone() implements AudioInput {
    }

    /**
     * A microphone chosen by name; fails with {@code MEDIA_DEVICE} if no microphone's name contains it.
     *
     * @param name part of the microphone's name, matched case-insensitively; never {@code null} or blank
     */
    record Microphone(String name) implements AudioInput {

        /**
         * Checks the name; prefer {@link AudioInput#microphone(String)}.
         *
         * @param name part of the microphone's name, matched case-insensitively
         * @throws NullPointerException     if {@code name} is {@code null}
         * @throws IllegalArgumentException if {@code name} is blank (it would match every microphone)
         */
        public Microphone {
            Objects.requireNonNull(name, "name: use AudioInput.microphone() for the default microphone");
            if (name.isBlank()) {
                throw new IllegalArgumentException(
                        "name must not be blank: use AudioInput.microphone() for the default microphone");
            }
        }
    }

    /**
     * A synthetic sine tone: for bots, tests and machines without microphone.
     *
     * @param hz    frequency, above 0 and below 24000 Hz
     * @param level amplitude from 0 (silent) to 1 (full scale)
     */
    record Tone(double hz, double level) implements AudioInput {

        /**
         * Checks the ranges; prefer {@link AudioInput#tone(double, double)}.
         *
         * @param hz    frequency, above 0 and below 24000 Hz
         * @param level amplitude from 0 to 1
         * @throws IllegalArgumentException naming the value that is out of range (NaN included)
         */
        public Tone {
            // Written as "not inside" so that NaN, which fails every comparison, is rejected too.
            if (!(hz > 0 && hz < 24_000)) {
                throw new IllegalArgumentException("hz must be above 0 and below 24000, got " + hz);
            }
            if (!(level >= 0 && level <= 1)) {
                throw new IllegalArgumentException("level must be between 0 and 1, got " + level);
            }
        }
    }

    /** No outgoing audio; the client still receives. All instances are equal. */
    record None() implements AudioInput {
    }
}
