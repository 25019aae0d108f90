package dev.callwire.tools.apisignature;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a generated listing differs from the checked-in one, told so that the build log alone shows what
 * changed: the lines only in the checked-in file ({@code -}) and only in the compiled classes ({@code +}),
 * grouped under the type they belong to, the first ones up to a cap. {@code git diff} shows the rest.
 *
 * <p>No general diff algorithm is needed: in a listing every line is unique within its type (a type cannot
 * declare the same signature twice), so "which lines of which type are on one side only" is the diff.
 */
final class ListingDifference {

    /** Differing lines shown; beyond that a count says how many more there are. */
    static final int MAX_SHOWN = 20;

    private static final String INDENT = " ";
    private static final Pattern TYPE_NAME = Pattern.compile("(?:class|interface|enum|record) ([^<( ]+)");

    private ListingDifference() {
    }

    /** Empty if the listings are equal, else a readable account of how they differ. */
    static Optional<String> between(List<String> checkedIn, List<String> generated) {
        if (checkedIn.equals(generated)) {
            return Optional.empty();
        }
        List<Entry> removed = onlyInFirst(checkedIn, generated);
        List<Entry> added = onlyInFirst(generated, checkedIn);
        StringBuilder text = new StringBuilder();
        if (removed.isEmpty() && added.isEmpty()) {
            // The same lines, in another order (enum constants keep theirs: it is their ordinal) or spacing.
            int line = firstDifference(checkedIn, generated);
            return Optional.of("the same lines in another order or spacing, from line " + (line + 1) + ":\n- "
                    + lineAt(checkedIn, line) + "\n+ " + lineAt(generated, line) + "\n");
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        removed.forEach(entry -> byType.computeIfAbsent(entry.type(), type -> new ArrayList<>())
                .add("- " + entry.line()));
        added.forEach(entry -> byType.computeIfAbsent(entry.type(), type -> new ArrayList<>())
                .add("+ " + entry.line()));
        int shown = 0;
        for (Map.Entry<String, List<String>> group : byType.entrySet()) {
            if (shown == MAX_SHOWN) {
                break;
            }
            if (!group.getKey().isEmpty()) {
                text.append("in ").append(group.getKey()).append(":\n");
            }
            for (String line : group.getValue()) {
                if (shown == MAX_SHOWN) {
                    break;
                }
                text.append(line).append('\n');
                shown++;
            }
        }
        int total = removed.size() + added.size();
        if (total > shown) {
            text.append("... and ").append(total - shown).append(" more differing lines\n");
        }
        return Optional.of(text.toString());
    }

    /** The non-blank lines of {@code lines} that {@code other} lacks, each with the name of its type. */
    private static List<Entry> onlyInFirst(List<String> lines, List<String> other) {
        Set<Entry> otherEntries = new HashSet<>(entries(other));
        List<Entry> only = new ArrayList<>();
        for (Entry entry : entries(lines)) {
            if (!otherEntries.contains(entry)) {
                only.add(entry);
            }
        }
        return only;
    }

    // A member belongs to the type declared on the nearest unindented line above it. Keyed by the type's name,
    // not its whole line, so a changed declaration (say, now sealed) does not make every member differ too.
    private static List<Entry> entries(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        String type = "";
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (!line.startsWith(INDENT)) {
                Matcher name = TYPE_NAME.matcher(line);
                type = name.find() ? name.group(1) : "";
                entries.add(new Entry("", line));
            } else {
                entries.add(new Entry(type, line.strip()));
            }
        }
        return entries;
    }

    private static int firstDifference(List<String> first, List<String> second) {
        int index = 0;
        while (index < first.size() && index < second.size() && first.get(index).equals(second.get(index))) {
            index++;
        }
        return index;
    }

    private static String lineAt(List<String> lines, int index) {
        return index < lines.size() ? lines.get(index) : "(end of file)";
    }

    /** One line with the name of the type it belongs to ("" for a line that is not a member). */
    private record Entry(String type, String line) {
    }
}
