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
            "  method public abstract void run()");

    @Test
    void equalListingsHaveNoDifference() {
        assertThat(ListingDifference.between(CHECKED_IN, new ArrayList<>(CHECKED_IN))).isEmpty();
    }

    @Test
    void aChangedSignatureIsShownWithItsLineAndType() {
        List<String> generated = new ArrayList<>(CHECKED_IN);
        generated.set(5, "  method public long size()");

        assertThat(ListingDifference.between(CHECKED_IN, generated)).hasValue(
                "first difference at line 6, in: public final class p.A\n"
                        + "-   method public int size()\n"
                        + "+   method public long size()\n");
    }

    @Test
    void anAddedMemberShowsOnlyOnTheGeneratedSide() {
        List<String> generated = new ArrayList<>(CHECKED_IN);
        generated.add(10, "  method public default void stop()");

        assertThat(ListingDifference.between(CHECKED_IN, generated)).hasValue(
                "first difference at line 11, in: public interface p.B\n"
                        + "+   method public default void stop()\n");
    }

    @Test
    void aRemovedLastMemberStillNamesItsType() {
        List<String> generated = new ArrayList<>(CHECKED_IN);
        generated.remove(6);

        assertThat(ListingDifference.between(CHECKED_IN, generated)).hasValue(
                "first difference at line 7, in: public final class p.A\n"
                        + "-   method public java.lang.String name()\n");
    }

    @Test
    void aRemovedTypeShowsOnlyOnTheCheckedInSide() {
        List<String> generated = new ArrayList<>(CHECKED_IN.subList(0, 7));

        assertThat(ListingDifference.between(CHECKED_IN, generated)).hasValue(
                "first difference at line 8\n"
                        + "- \n"
                        + "- public interface p.B\n"
                        + "-   method public abstract void run()\n");
    }

    @Test
    void aLongDifferenceIsCappedWithACount() {
        List<String> many = IntStream.range(0, ListingDifference.MAX_SHOWN + 5)
                .mapToObj(i -> "  method public void m" + i + "()").collect(Collectors.toList());
        List<String> generated = new ArrayList<>(CHECKED_IN);
        generated.addAll(6, many);

        String difference = ListingDifference.between(CHECKED_IN, generated).orElseThrow();

        assertThat(difference)
                .contains("+   method public void m0()", "+ ... 5 more lines only in the compiled classes")
                .doesNotContain("m" + ListingDifference.MAX_SHOWN + "()");
    }
}
