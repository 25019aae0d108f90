package dev.callwire.protocol;

import java.util.regex.Pattern;

/** The protocol's rule for room names, peer ids and call ids: {@code [A-Za-z0-9._-]{1,64}}. */
public final class Names {

    /** Longest display name a {@code join} may carry. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Names() {
    }

    /**
     * Whether {@code value} is a valid room name, peer id or call id.
     *
     * @param value the value to check; may be {@code null}
     * @return {@code true} if it matches the rule; {@code false} for {@code null}
     */
    public static boolean isValid(String value) {
        return value != null && NAME.matcher(value).matches();
    }

    /**
     * Returns {@code value} if it is valid, else throws a {@link ProtocolException} with code
     * {@code bad-message} that names the field.
     *
     * @param field the field's name, for the message
     * @param value the value to check
     * @param type  the message type being checked, for the exception's {@code ref}; never {@code null}
     * @return {@code value}, never {@code null}
     * @throws ProtocolException if {@code value} is {@code null} or breaks the rule
     */
    public static String require(String field, String value, MessageType type) {
        if (!isValid(value)) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE,
                    field + " must match [A-Za-z0-9._-]{1,64}, got " + describe(value), type.wireName());
        }
        return value;
    }

    /**
     * Like {@link #require} but {@code null} is allowed.
     *
     * @param field the field's name, for the message
     * @param value the value to check, or {@code null}
     * @param type  the message type being checked, for the exception's {@code ref}; never {@code null}
     * @return {@code value}, possibly {@code null}
     * @throws ProtocolException if {@code value} is not {@code null} and breaks the rule
     */
    public static String requireOptional(String field, String value, MessageType type) {
        return value == null ? null : require(field, value, type);
    }

    static String describe(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 70 ? value.substring(0, 70) + "…" : value;
        return "'" + shown + "'";
    }
}
