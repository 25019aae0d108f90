package dev.callwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's quick start is the code of {@link ReadmeQuickStart}, which compiles, and fits in 15 lines. */
class ReadmeQuickStartTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void theReadmeShowsTheCompiledQuickStart() throws IOException {
        List<String> compiled = compiledSnippet();
        List<String> shown = readmeSnippet();

        assertThat(shown).as("README.md's quick start, compared with ReadmeQuickStart.java").isEqualTo(compiled);
        assertThat(shown).as("a quick start that fits on a screen").hasSizeLessThanOrEqualTo(15);
    }

    private static List<String> compiledSnippet() throws IOException {
        List<String> lines = Files.readAllLines(MODULE.resolve("src/test/java/dev/callwire/ReadmeQuickStart.java"));
        int begin = indexOf(lines, "// README quick start begins") + 1;
        int end = indexOf(lines, "// README quick start ends");
        String indent = lines.get(begin).substring(0, lines.get(begin).indexOf(lines.get(begin).strip()));
        return lines.subList(begin, end).stream().map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
                .map(String::stripTrailing).toList();
    }

    private static List<String> readmeSnippet() throws IOException {
        List<String> lines = Files.readAllLines(MODULE.getParent().resolve("README.md"));
        int section = indexOf(lines, "## Quick start");
        int begin = indexOf(lines.subList(section, lines.size()), "```java") + section + 1;
        int end = indexOf(lines.subList(begin, lines.size()), "```") + begin;
        return lines.subList(begin, end).stream().map(String::stripTrailing).toList();
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("no line '" + marker + "' in " + Arrays.toString(lines.stream().limit(3).toArray()));
    }
}
