package dev.callwire.protocol;


/** The protocol's rule for room names, peer ids and call ids: {@code [A-Za-z0-9._-]{1,64}}. */
public final class Names {

    /** Longest display name a {@code join} may carry. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 64;


    private Names() {
    }

    /**
     * Whether {@code value} is a valid room name, peer id or call id.
     *
     * @param value the value to check; may be {@code null}
     * @return {@code true} if it matches the rule; {@code false} for {@code null}
     */
    public static boolean isValid(String value) {
        // A loop, not a regex: the server checks several names on every relayed message, and the regex
        // showed up as 15% of its CPU in the signaling benchmark.
        if (value == null || value.isEmpty() || value.length() > 64) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
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
