package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The browser client's own unit tests ({@code src/test/browser/unit/*.test.mjs}, node's test runner): the file
 * sub-protocol of {@code static/files.js} on in-memory channels and the ICE restart rule of {@code static/call.js}
 * with mock timers. Needs {@code node}; fails naming it when missing.
 */
class BrowserModulesIT {

    @Test
    void browserModuleUnitTestsPass() throws Exception {
        Process node;
        try {
            node = new ProcessBuilder("node", "--test", "unit/").directory(Path.of("src", "test", "browser").toFile())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("node is missing from PATH: install the Debian package 'nodejs' (" + e.getMessage()
                    + ")", e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "output unreadable: " + e;
            }
        });
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String text = output.get(10, TimeUnit.SECONDS);
        System.out.println(text);
        assertThat(finished).as("node --test finished; output:%n%s", text).isTrue();
        assertThat(node.exitValue()).as("node --test exit code; output:%n%s", text).isZero();
        assertThat(text).contains("# fail 0").containsPattern("# pass [1-9]");
    }
}
