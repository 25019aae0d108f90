package dev.callwire.tools.apisignature;

import java.util.List;
import java.util.Optional;

/**
 * Where a generated listing differs from the checked-in one, told so that the build log alone shows what
 * changed: the first differing line, the type it belongs to, and the differing lines of both sides (the
 * span between the common beginning and the common end, capped). {@code git diff} shows the rest.
 */
final class ListingDifference {

    /** Lines shown per side; beyond that a count says how many more there are. */
    static final int MAX_SHOWN = 12;

    private static final String INDENT = " ";

    private ListingDifference() {
    }

    /** Empty if the listings are equal, else a readable account of the first difference. */
    static Optional<String> between(List<String> checkedIn, List<String> generated) {
        if (checkedIn.equals(generated)) {
            return Optional.empty();
        }
        int start = 0;
        while (start < checkedIn.size() && start < generated.size()
                && checkedIn.get(start).equals(generated.get(start))) {
            start++;
        }
        int checkedInEnd = checkedIn.size();
        int generatedEnd = generated.size();
        while (checkedInEnd > start && generatedEnd > start
                && checkedIn.get(checkedInEnd - 1).equals(generated.get(generatedEnd - 1))) {
            checkedInEnd--;
            generatedEnd--;
        }
        StringBuilder text = new StringBuilder("first difference at line ").append(start + 1);
        if (isMember(checkedIn, start) || isMember(generated, start)) {
            // Name the member's type: its declaration lies above the first difference, so both sides share it.
            text.append(", in: ").append(enclosingType(generated, start));
        }
        text.append('\n');
        appendSide(text, "- ", checkedIn.subList(start, checkedInEnd), "only in the checked-in file");
        appendSide(text, "+ ", generated.subList(start, generatedEnd), "only in the compiled classes");
        return Optional.of(text.toString());
    }

    private static void appendSide(StringBuilder text, String marker, List<String> lines, String what) {
        lines.stream().limit(MAX_SHOWN).forEach(line -> text.append(marker).append(line).append('\n'));
        if (lines.size() > MAX_SHOWN) {
            text.append(marker).append("... ").append(lines.size() - MAX_SHOWN).append(" more lines ").append(what)
                    .append('\n');
        }
    }

    private static boolean isMember(List<String> lines, int index) {
        return index < lines.size() && lines.get(index).startsWith(INDENT);
    }

    // Members are indented under their type's declaration, the nearest line above that is not indented.
    private static String enclosingType(List<String> lines, int memberIndex) {
        for (int i = memberIndex - 1; i >= 0; i--) {
            if (!lines.get(i).startsWith(INDENT)) {
                return lines.get(i);
            }
        }
        return "?";
    }
}
