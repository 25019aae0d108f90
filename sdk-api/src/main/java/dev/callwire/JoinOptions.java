package dev.callwire;

import java.util.Objects;
import java.util.Optional;

/**
 * How to join a room, besides its name: given to {@link CallClient#join(String, JoinOptions, RoomListener)}.
 * Immutable. Start from {@link #defaults()}, {@link #withToken(String)} or {@link #builder()}; later
 * versions may add options, which then default to today's behaviour.
 */
public final class JoinOptions {

    /** Longest accepted token, in characters: keeps the {@code join} message under the protocol's size limit. */
    static final int MAX_TOKEN_LENGTH = 8192;

    private static final JoinOptions DEFAULTS = new JoinOptions(new Builder());

    private final String token;

    private JoinOptions(Builder builder) {
        this.token = builder.token;
    }

    /**
     * Joins as anyone may: no join token.
     *
     * @return the default options, never {@code null}
     */
    public static JoinOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Joins a room that requires a join token.
     *
     * @param token the token the server expects; never logged
     * @return options with that token and defaults otherwise, never {@code null}
     * @throws NullPointerException     if {@code token} is {@code null}
     * @throws IllegalArgumentException if {@code token} is blank, longer than 8192 characters or contains
     *                                  control characters
     */
    public static JoinOptions withToken(String token) {
        return builder().token(token).build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder, never {@code null}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these options, to derive a variant.
     *
     * @return a new builder, never {@code null}
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.token = token;
        return builder;
    }

    /**
     * The join token sent to the server.
     *
     * @return the token, or empty when joining without one; never {@code null}
     */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JoinOptions that && Objects.equals(token, that.token);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(token);
    }

    /** Says whether a token is set, never the token itself. */
    @Override
    public String toString() {
        return "JoinOptions[" + (token == null ? "no token" : "token=***") + "]";
    }

    /** Collects options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {

        private String token;

        private Builder() {
        }

        /**
         * Sets the join token.
         *
         * @param token the token the server expects, never {@code null}; never logged
         * @return this builder
         * @throws NullPointerException     if {@code token} is {@code null}
         * @throws IllegalArgumentException if {@code token} is blank, longer than 8192 characters or contains
         *                                  control characters
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            // The message names the rule, not the value: a token must not end up in a log.
            if (token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            if (token.length() > MAX_TOKEN_LENGTH) {
                throw new IllegalArgumentException("token must be at most " + MAX_TOKEN_LENGTH
                        + " characters, got " + token.length());
            }
            if (token.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("token must not contain control characters");
            }
            this.token = token;
            return this;
        }

        /**
         * Removes the join token, so the room is joined without one.
         *
         * @return this builder
         */
        public Builder noToken() {
            this.token = null;
            return this;
        }

        /**
         * Makes the options.
         *
         * @return new immutable options, never {@code null}
         */
        public JoinOptions build() {
            return new JoinOptions(this);
        }
    }
}
