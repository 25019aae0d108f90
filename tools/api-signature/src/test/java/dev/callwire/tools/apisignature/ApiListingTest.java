package dev.callwire.tools.apisignature;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing of small fixture types, each showing one thing the signature file must (or must not) say. */
class ApiListingTest {

    @TempDir
    static Path classes;

    private static List<String> listing;

    @BeforeAll
    static void compileAndList() throws IOException {
        Fixtures.compile(classes, Map.of(
                "fixture.Shape", """
                        package fixture;
                        public sealed interface Shape permits Circle, Square, Hidden {
                            double area();
                            default String label() { return "shape"; }
                            static Shape unit() { return new Circle(1); }
                        }
                        """,
                "fixture.Circle", """
                        package fixture;
                        public final class Circle implements Shape {
                            public Circle(double radius) { }
                            public double area() { return 0; }
                        }
                        """,
                "fixture.Square", """
                        package fixture;
                        public non-sealed class Square implements Shape {
                            protected int side;
                            int packagePrivateField;
                            protected Square(int side) { this.side = side; }
                            public double area() { return side * side; }
                            protected final void resize(int side) { this.side = side; }
                            void packagePrivateMethod() { }
                            private void privateMethod() { }
                        }
                        """,
                "fixture.Hidden", """
                        package fixture;
                        final class Hidden implements Shape {
                            public double area() { return 0; }
                        }
                        """,
                "fixture.Point", """
                        package fixture;
                        public record Point<T extends Number>(T x, T y) implements Comparable<Point<T>> {
                            public static final String ORIGIN = "0,0";
                            public int compareTo(Point<T> other) { return 0; }
                        }
                        """,
                "fixture.Color", """
                        package fixture;
                        public enum Color {
                            RED, GREEN { @Override public String hex() { return "0f0"; } }, BLUE;
                            public String hex() { return "?"; }
                        }
                        """,
                "fixture.Generics", """
                        package fixture;
                        import java.util.Collection;
                        public abstract class Generics<E extends Exception> {
                            public static final long BIG = 1L << 40;
                            public static final double TENTH = 0.1;
                            public static final char QUOTE = '"';
                            public static final boolean ON = true;
                            public static final Object NOT_A_CONSTANT = new Object();
                            public static <T extends Comparable<? super T>> T max(Collection<? extends T> items)
                                    throws java.io.IOException { return null; }
                            public abstract void run() throws E;
                            public static void log(String format, Object... args) { }
                            protected class Inner { public Inner(String name) { } }
                            private static class Secret { public void notApi() { } }
                            public @interface Marker { String value() default "m"; int[] numbers() default {1, 2}; }
                            @Deprecated public void old() { }
                            public void withLambda() { Runnable r = () -> { }; r.run(); }
                        }
                        """,
                "fixture.Base", """
                        package fixture;
                        abstract class Base {
                            protected int counter;
                            Base(int start) { }
                            public void shared() { }
                            public void overridden() { }
                            void packagePrivateInBase() { }
                        }
                        """,
                "fixture.Derived", """
                        package fixture;
                        public class Derived extends Base {
                            public Derived() { super(0); }
                            @Override public void overridden() { }
                        }
                        """,
                "fixture.internal.Engine", """
                        package fixture.internal;
                        public class Engine { public void start() { } }
                        """));
        listing = ApiListing.lines(ApiTypes.read(classes, Set.of("fixture", "fixture.internal")));
    }

    @Test
    void listsEveryPublicAndProtectedSignatureSortedByPackageTypeAndMember() {
        List<String> expected = new ArrayList<>(ApiListing.HEADER);
        expected.addAll(List.of("""

                package fixture

                public final class fixture.Circle implements fixture.Shape
                  ctor public Circle(double)
                  method public double area()

                public enum fixture.Color
                  enum-constant RED
                  enum-constant GREEN
                  enum-constant BLUE
                  method public java.lang.String hex()
                  method public static fixture.Color valueOf(java.lang.String)
                  method public static fixture.Color[] values()

                public class fixture.Derived extends fixture.Base
                  field protected int counter
                  ctor public Derived()
                  method public void overridden()
                  method public void shared()

                public abstract class fixture.Generics<E extends java.lang.Exception>
                  field public static final long BIG = 1099511627776L
                  field public static final java.lang.Object NOT_A_CONSTANT
                  field public static final boolean ON = true
                  field public static final char QUOTE = '"'
                  field public static final double TENTH = 0.1
                  ctor public Generics()
                  method public static void log(java.lang.String, java.lang.Object...)
                  method public static <T extends java.lang.Comparable<? super T>> T max(java.util.Collection<? extends T>) throws java.io.IOException
                  method @Deprecated public void old()
                  method public abstract void run() throws E
                  method public void withLambda()

                protected class fixture.Generics.Inner
                  ctor public Inner(java.lang.String)

                public @interface fixture.Generics.Marker
                  method public abstract int[] numbers() default {1, 2}
                  method public abstract java.lang.String value() default "m"

                public record fixture.Point<T extends java.lang.Number>(T x, T y) implements java.lang.Comparable<fixture.Point<T>>
                  field public static final java.lang.String ORIGIN = "0,0"
                  ctor public Point(T, T)
                  method public int compareTo(fixture.Point<T>)
                  method public boolean equals(java.lang.Object)
                  method public int hashCode()
                  method public java.lang.String toString()
                  method public T x()
                  method public T y()

                public sealed interface fixture.Shape permits fixture.Circle, fixture.Square
                  method public abstract double area()
                  method public default java.lang.String label()
                  method public static fixture.Shape unit()

                public class fixture.Square implements fixture.Shape
                  field protected int side
                  ctor protected Square(int)
                  method public double area()
                  method protected final void resize(int)""".split("\n", -1)));

        assertThat(listing).containsExactlyElementsOf(expected);
    }

    @Test
    void leavesOutWhatCodeOutsideThePackageCannotUse() {
        // Package-private and private members and types, compiler-made members (the lambda, the bridge
        // compareTo(Object), the enum's $VALUES), the anonymous class of an enum constant's body.
        assertThat(String.join("\n", listing)).doesNotContain("packagePrivate", "privateMethod", "Hidden",
                "class fixture.Base", "Base(int)",
                "Secret", "notApi", "lambda$", "compareTo(java.lang.Object)", "$VALUES", "Color$1", "Color.1");
    }

    @Test
    void listsMembersInheritedFromASupertypeThatIsNotApiOnceAndWithoutItsConstructors() {
        // Derived is the only way users reach Base's public members: they are part of Derived's API.
        assertThat(listing).containsSubsequence("public class fixture.Derived extends fixture.Base",
                "  field protected int counter", "  ctor public Derived()", "  method public void shared()");
        assertThat(listing).filteredOn(line -> line.contains("overridden")).hasSize(1);
    }

    @Test
    void leavesOutInternalPackagesEvenWhenListed() {
        assertThat(listing).noneMatch(line -> line.contains("fixture.internal") || line.contains("Engine"));
    }

    @Test
    void sameClassesGiveTheSameListing() throws IOException {
        assertThat(ApiListing.lines(ApiTypes.read(classes, Set.of("fixture", "fixture.internal")))).isEqualTo(listing);
    }
}
