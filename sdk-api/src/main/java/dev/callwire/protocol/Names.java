package dev.callwire.protocol;


/** The protocol's rule for room names, peer ids and call ids: {@code [A-Za-z0-9._-]{1,64}}. */
public final class Names {

    /** Longest display name a {@code join} may carry. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 64;

    /** Longest resume key a {@code welcome} or {@code join} may carry. */
    public static final int MAX_RESUME_KEY_LENGTH = 256;


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

    /**
     * Whether {@code value} has the form of a resume key: 1 to {@value #MAX_RESUME_KEY_LENGTH} printable ASCII
     * characters without spaces (U+0021 to U+007E). Clients treat keys as opaque; the form only keeps them
     * bounded and safe to carry.
     *
     * @param value the value to check; may be {@code null}
     * @return {@code true} if it has the form; {@code false} for {@code null}
     */
    public static boolean isValidResumeKey(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_RESUME_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks an optional resume key; the message never shows the key, which is a secret.
     *
     * @param value the key, or {@code null}
     * @param type  the message type being checked, for the exception's {@code ref}; never {@code null}
     * @return {@code value}, possibly {@code null}
     * @throws ProtocolException {@code bad-message} if {@code value} is not {@code null} and has the wrong form
     */
    public static String requireOptionalResumeKey(String value, MessageType type) {
        if (value != null && !isValidResumeKey(value)) {
            throw new ProtocolException(ProtocolError.BAD_MESSAGE, "resumeKey must be 1 to "
                    + MAX_RESUME_KEY_LENGTH + " printable ASCII characters without spaces", type.wireName());
        }
        return value;
    }

    static String describe(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 70 ? value.substring(0, 70) + "…" : value;
        return "'" + shown + "'";
    }
}
