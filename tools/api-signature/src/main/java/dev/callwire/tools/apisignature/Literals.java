package dev.callwire.tools.apisignature;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;

/**
 * Values as Java literals: compile-time constants (copied into callers' class files, so their values are
 * API) and annotation element defaults. The text must not depend on the JDK or the platform: escapes keep
 * it ASCII, and floating-point values are not printed with {@code Double.toString}.
 */
final class Literals {

    private Literals() {
    }

    /**
     * A compile-time constant as a Java literal. Constants are copied into callers' class files, so their
     * values are API. The class file stores booleans and chars as ints; the descriptor says which they are.
     */
    static String constant(Object value, String descriptor) {
        if (value instanceof Integer number && "Z".equals(descriptor)) {
            return number != 0 ? "true" : "false";
        }
        if (value instanceof Integer number && "C".equals(descriptor)) {
            return charLiteral((char) number.intValue());
        }
        return literal(value);
    }

    /** An annotation element's default value, in the forms ASM's tree API hands them over. */
    static String annotationValue(Object value) {
        if (value instanceof Type type) {
            return Signatures.fieldType(type.getDescriptor(), null) + ".class";
        }
        if (value instanceof String[] enumValue) {
            return Signatures.javaName(Type.getType(enumValue[0]).getInternalName()) + "." + enumValue[1];
        }
        if (value instanceof AnnotationNode annotation) {
            return "@" + Signatures.javaName(Type.getType(annotation.desc).getInternalName());
        }
        if (value instanceof List<?> values) {
            return values.stream().map(Literals::annotationValue).collect(Collectors.joining(", ", "{", "}"));
        }
        return literal(value);
    }

    private static String literal(Object value) {
        if (value instanceof String text) {
            return stringLiteral(text);
        }
        if (value instanceof Character character) {
            return charLiteral(character);
        }
        if (value instanceof Long number) {
            return number + "L";
        }
        if (value instanceof Float number) {
            return Float.isFinite(number) ? shortest(number.doubleValue(), true) + "f" : named("Float", number);
        }
        if (value instanceof Double number) {
            return Double.isFinite(number) ? shortest(number, false) : named("Double", number);
        }
        return String.valueOf(value); // Integer, Short, Byte, Boolean: their toString is the literal
    }

    /**
     * The fewest significant digits, rounded from the exact value, that read back as the same value. Not
     * {@code Double.toString}, because
     * JDK 19 changed its output for some values, and the listing must not depend on the JDK that builds it.
     */
    private static String shortest(double value, boolean isFloat) {
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; ; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits));
            boolean same = isFloat ? rounded.floatValue() == (float) value : rounded.doubleValue() == value;
            if (same) {
                BigDecimal plain = rounded.stripTrailingZeros();
                double magnitude = Math.abs(value);
                // Plain digits where a person would write them so; exponent notation for the very large/small.
                String text = magnitude >= 1e-3 && magnitude < 1e7 ? plain.toPlainString() : plain.toString();
                return text.contains(".") || text.contains("E") ? text : text + ".0";
            }
        }
    }

    // Source has no literal for these; it names the constants.
    private static String named(String type, double value) {
        return type + (Double.isNaN(value) ? ".NaN" : value > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
    }

    private static String stringLiteral(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars().forEach(c -> out.append(c == '\'' ? "'" : escape((char) c)));
        return out.append('"').toString();
    }

    private static String charLiteral(char c) {
        return "'" + (c == '"' ? "\"" : escape(c)) + "'";
    }

    // Escapes keep every listing line printable ASCII, whatever the platform encoding of the reader.
    private static String escape(char c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '"' -> "\\\"";
            case '\'' -> "\\'";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04x", (int) c);
        };
    }
}
