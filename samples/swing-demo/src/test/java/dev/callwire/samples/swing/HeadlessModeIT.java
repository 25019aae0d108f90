package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shaded jar on a machine without a display: {@code java -jar swing-demo.jar} runs the loopback self-check. */
class HeadlessModeIT {

    private static final Path JAR = Path.of("target", "swing-demo.jar");

    @Test
    void headlessFlagRunsLoopbackCallAndPasses() throws Exception {
        HeadlessRun result = runJar("--headless", "--seconds", "4", "--video", "320x240@15");

        assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("No display: --headless was given");
        assertThat(result.output()).containsPattern("VERDICT: PASS media flowed both ways \\(A decoded \\d+ frames 320x240, "
                + "B decoded \\d+ frames 320x240, audio A \\d+ pkts, B \\d+ pkts\\)");
        assertThat(result.output().lines().filter(l -> l.matches("\\[ ?\\d+s] [AB] receives .*"))).hasSize(8);
        assertThat(result.output()).doesNotContain("Exception");
    }

    @Test
    void noDisplayIsDetectedWithoutAStackTrace() throws Exception {
        HeadlessRun result = runJar("--seconds", "2", "--video", "160x120@15");

        assertThat(result.exitCode()).as("exit code; output:%n%s", result.output()).isZero();
        assertThat(result.output().lines().findFirst()).hasValue(
                "No display: DISPLAY is not set; running a headless loopback call instead.");
        assertThat(result.output()).contains("VERDICT: PASS").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badOptionExitsWithTwoAndOneLine() throws Exception {
        HeadlessRun result = runJar("--video", "12x@x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output().strip()).isEqualTo("swing-demo: Invalid value for option '--video': expected "
                + "WIDTHxHEIGHT@FPS such as 640x480@30, got '12x@x' (see --help)");
    }

    private static HeadlessRun runJar(String... args) throws Exception {
        assertThat(JAR).as("the shaded jar is built by the package phase").exists();
        List<String> command = new ArrayList<>(List.of(SwingDemoIT.javaBinary(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return HeadlessRun.of(command, Duration.ofSeconds(60));
    }
}
