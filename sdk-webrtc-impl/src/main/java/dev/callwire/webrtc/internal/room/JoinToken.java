package dev.callwire.webrtc.internal.room;

import dev.callwire.JoinOptions;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token a room sends with each {@code join}: a fixed one, none, or a fresh one from the application's
 * {@link JoinOptions.Builder#tokenSource source} each time. Tokens are never logged.
 */
public final class JoinToken {

    private static final Logger LOG = LoggerFactory.getLogger(JoinToken.class);

    private final Supplier<String> source;
    private String last;

    private JoinToken(Supplier<String> source, String first) {
        this.source = source;
        this.last = first;
    }

    /**
     * The options' token; a source is asked for its first token here, on the calling thread.
     *
     * @throws IllegalArgumentException if the source throws or its token breaks the rules of a join token
     */
    public static JoinToken of(JoinOptions options) {
        Supplier<String> source = options.tokenSource().orElse(null);
        if (source == null) {
            return new JoinToken(null, options.token().orElse(null));
        }
        try {
            return new JoinToken(source, checked(source.get()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the join token source failed: " + e.getMessage(), e);
        }
    }

    /** Whether a refused re-join can be tried again with another token. */
    boolean renewable() {
        return source != null;
    }

    /** The token taken when the room was joined. */
    String first() {
        return last;
    }

    /** A fresh token from the source, or the last good one when it fails (with a WARN saying why). Engine thread. */
    String fresh(String room) {
        if (source == null) {
            return last;
        }
        try {
            last = checked(source.get());
        } catch (RuntimeException e) {
            LOG.warn("Room {}: the join token source failed ({}); sending the last token again", room, e.getMessage());
        }
        return last;
    }

    private static String checked(String token) {
        if (token == null) {
            throw new IllegalArgumentException("the token source returned null");
        }
        JoinOptions.builder().token(token); // the builder's rules, with messages that never show the value
        return token;
    }
}
