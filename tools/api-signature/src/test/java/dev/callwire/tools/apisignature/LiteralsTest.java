package dev.callwire.tools.apisignature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

class LiteralsTest {

    @Test
    void constantsAreJavaLiteralsOfTheirDeclaredType() {
        assertThat(Literals.constant(1, "Z")).isEqualTo("true");
        assertThat(Literals.constant(0, "Z")).isEqualTo("false");
        assertThat(Literals.constant((int) 'x', "C")).isEqualTo("'x'");
        assertThat(Literals.constant(7, "I")).isEqualTo("7");
        assertThat(Literals.constant(-3, "S")).isEqualTo("-3");
        assertThat(Literals.constant(5L, "J")).isEqualTo("5L");
    }

    @Test
    void textIsEscapedToPrintableAscii() {
        assertThat(Literals.constant("a\"b\\c\n\t'é€", "Ljava/lang/String;"))
                .isEqualTo("\"a\\\"b\\\\c\\n\\t'\\u00e9\\u20ac\"");
        assertThat(Literals.constant((int) '\'', "C")).isEqualTo("'\\''");
        assertThat(Literals.constant((int) '"', "C")).isEqualTo("'\"'");
    }

    @Test
    void floatingPointIsTheShortestDecimalThatReadsBackTheSame() {
        // Not Double.toString: for 2e23, JDK 17 prints 1.9999999999999998E23 and JDK 19+ prints 2.0E23 (JDK-4511638);
        // the listing must read the same whatever JDK builds it.
        assertThat(Literals.constant(2e23, "D")).isEqualTo("2E+23");
        assertThat(Literals.constant(0.1, "D")).isEqualTo("0.1");
        assertThat(Literals.constant(100.0, "D")).isEqualTo("100.0");
        assertThat(Literals.constant(1.5e-7, "D")).isEqualTo("1.5E-7");
        assertThat(Literals.constant(0.1f, "F")).isEqualTo("0.1f");
        assertThat(Literals.constant(-0.0, "D")).isEqualTo("-0.0");
        assertThat(Literals.constant(Double.NaN, "D")).isEqualTo("Double.NaN");
        assertThat(Literals.constant(Float.NEGATIVE_INFINITY, "F")).isEqualTo("Float.NEGATIVE_INFINITY");
    }

    @Test
    void annotationDefaultsInEveryFormAsmGives() {
        assertThat(Literals.annotationValue(Type.getType("[Ljava/lang/String;"))).isEqualTo("java.lang.String[].class");
        assertThat(Literals.annotationValue(new String[] {"Ljava/lang/annotation/RetentionPolicy;", "RUNTIME"}))
                .isEqualTo("java.lang.annotation.RetentionPolicy.RUNTIME");
        assertThat(Literals.annotationValue(List.of("a", "b"))).isEqualTo("{\"a\", \"b\"}");
        assertThat(Literals.annotationValue(true)).isEqualTo("true");
    }
}
