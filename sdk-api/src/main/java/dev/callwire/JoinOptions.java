package dev.callwire;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

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
    private final Supplier<String> tokenSource;

    private JoinOptions(Builder builder) {
        this.token = builder.token;
        this.tokenSource = builder.tokenSource;
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
        builder.tokenSource = tokenSource;
        return builder;
    }

    /**
     * The fixed join token sent to the server.
     *
     * @return the token, or empty when joining without one or with a {@link #tokenSource()}; never {@code null}
     */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /**
     * Where fresh join tokens come from, for tokens that expire (see {@link Builder#tokenSource(Supplier)}).
     *
     * @return the source, or empty when joining with a fixed token or none; never {@code null}
     */
    public Optional<Supplier<String>> tokenSource() {
        return Optional.ofNullable(tokenSource);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JoinOptions that && Objects.equals(token, that.token)
                && Objects.equals(tokenSource, that.tokenSource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(token, tokenSource);
    }

    /** Says whether a token is set, never the token itself. */
    @Override
    public String toString() {
        return "JoinOptions[" + (token != null ? "token=***" : tokenSource != null ? "token source" : "no token") + "]";
    }

    /**
     * Checks a token against the rules of {@link Builder#token(String)}; the message names the rule, never the value.
     *
     * @param token a token, never {@code null}
     * @return the token
     * @throws NullPointerException     if {@code token} is {@code null}
     * @throws IllegalArgumentException if it breaks a rule
     */
    static String checkToken(String token) {
        Objects.requireNonNull(token, "token");
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
        return token;
    }

    /** Collects options; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {

        private String token;
        private Supplier<String> tokenSource;

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
            // The message names the rule, not the value: a token must not end up in a log.
            this.token = checkToken(token);
            this.tokenSource = null;
            return this;
        }

        /**
         * Joins with tokens that expire: {@code source} is asked for a token at the first join and again each time
         * the room joins anew on its own, so a long session outlives its first token: when the server refuses the
         * automatic re-join after a reconnect ({@code unauthorized}), the room re-joins once more, keeping its
         * peer id, with a fresh token; a re-join to refresh TURN credentials takes a fresh one too. Replaces a
         * fixed {@link #token(String)}.
         *
         * <p>The first token is taken by {@link CallClient#join(String, JoinOptions, RoomListener)} on the calling
         * thread, which throws {@link IllegalArgumentException} if the source throws or its token breaks the rules
         * of {@link #token(String)}. Later ones are taken on the SDK's engine thread, so the source must return at
         * once: a token the application mints itself (an HMAC, as the project's signaling server checks) or keeps
         * fresh in the background. If a later one fails, the last good token is sent again and a WARN line says
         * why.
         *
         * @param source gives the current token, never {@code null}; its tokens are never logged
         * @return this builder
         * @throws NullPointerException if {@code source} is {@code null}
         */
        public Builder tokenSource(Supplier<String> source) {
            this.tokenSource = Objects.requireNonNull(source, "source");
            this.token = null;
            return this;
        }

        /**
         * Removes the join token and any token source, so the room is joined without one.
         *
         * @return this builder
         */
        public Builder noToken() {
            this.token = null;
            this.tokenSource = null;
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
