package dev.callwire.tools.apisignature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ListingDifferenceTest {

    private static final List<String> CHECKED_IN = List.of(
            "# header",
            "",
            "package p",
            "",
            "public final class p.A",
            "  method public int size()",
            "  method public java.lang.String name()",
            "",
            "public interface p.B",
            "  method public abstract void run()",
            "  method public abstract void stop()");

    @Test
    void equalListingsHaveNoDifference() {
        assertThat(ListingDifference.between(CHECKED_IN, new ArrayList<>(CHECKED_IN))).isEmpty();
    }

    @Test
    void aChangedSignatureShowsBothSidesUnderItsType() {
        List<String> generated = new ArrayList<>(CHECKED_IN);
        generated.set(5, "  method public long size()");

        assertThat(ListingDifference.between(CHECKED_IN, generated)).hasValue(
                "in p.A:\n"
                        + "- method public int size()\n"
                        + "+ method public long size()\n");
    }

    @Test
    void distantChangesShowOnlyTheChangedLines() {
        List<String> generated = new ArrayList<>(CHECKED_IN);
        generated.remove(10);
        generated.add(6, "  method public boolean isEmpty()");

        assertThat(ListingDifference.between(CHECKED_IN, generated)).hasValue(
                "in p.B:\n"
                        + "- method public abstract void stop()\n"
                        + "in p.A:\n"
                        + "+ method public boolean isEmpty()\n");
    }

    @Test
    void aChangedDeclarationDoesNotMakeItsMembersDiffer() {
        List<String> generated = new ArrayList<>(CHECKED_IN);
        generated.set(8, "public sealed interface p.B permits p.C");

        assertThat(ListingDifference.between(CHECKED_IN, generated)).hasValue(
                "- public interface p.B\n"
                        + "+ public sealed interface p.B permits p.C\n");
    }

    @Test
    void reorderedLinesAreReportedFromTheFirstThatMoved() {
        List<String> generated = new ArrayList<>(CHECKED_IN);
        generated.set(9, CHECKED_IN.get(10));
        generated.set(10, CHECKED_IN.get(9));

        assertThat(ListingDifference.between(CHECKED_IN, generated)).hasValue(
                "the same lines in another order or spacing, from line 10:\n"
                        + "-   method public abstract void run()\n"
                        + "+   method public abstract void stop()\n");
    }

    @Test
    void aLongDifferenceIsCappedWithACount() {
        List<String> many = IntStream.range(0, ListingDifference.MAX_SHOWN + 5)
                .mapToObj(i -> "  method public void m" + i + "()").collect(Collectors.toList());
        List<String> generated = new ArrayList<>(CHECKED_IN);
        generated.addAll(6, many);

        String difference = ListingDifference.between(CHECKED_IN, generated).orElseThrow();

        assertThat(difference).startsWith("in p.A:\n+ method public void m0()\n")
                .endsWith("... and 5 more differing lines\n")
                .doesNotContain("m" + ListingDifference.MAX_SHOWN + "()");
    }
}
