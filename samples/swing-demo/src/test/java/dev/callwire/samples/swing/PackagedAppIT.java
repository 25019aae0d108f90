package dev.callwire.samples.swing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The jpackage app image (profile {@code desktop-app}): its own launcher, runtime and icon, and the launcher runs
 * the demo. Without a display the demo runs its loopback self-check, so the packaged launcher must print
 * {@code VERDICT: PASS}: libwebrtc, the embedded server and the SDK all work from inside the image.
 */
class PackagedAppIT {

    @Test
    void packagedLauncherRunsTheHeadlessSelfCheck() throws Exception {
        String property = System.getProperty("jpackage.image");
        assertThat(property).as("jpackage.image is set by the desktop-app profile").isNotBlank();
        Path image = Path.of(property);
        Path launcher = launcher(image);
        assertThat(launcher).as("the packaged launcher").isRegularFile().isExecutable();
        assertThat(image.resolve(runtimeRelease())).as("the image carries its own Java runtime").isRegularFile();
        if (linux()) {
            assertThat(image.resolve("lib").resolve("callwire-demo.png")).as("the app's icon").isRegularFile();
        }

        HeadlessRun run = HeadlessRun.of(List.of(launcher.toString(), "--headless", "--seconds", "3", "--video",
                "320x240@15"), Duration.ofSeconds(90));
        String text = run.output();
        assertThat(run.exitCode()).as("exit code; output:%n%s", text).isZero();
        assertThat(text).contains("No display: --headless was given")
                .containsPattern("VERDICT: PASS media flowed both ways \\(A decoded \\d+ frames 320x240");
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    private static Path launcher(Path image) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String name = image.getFileName().toString();
        if (os.contains("win")) {
            return image.resolve(name + ".exe");
        }
        if (os.contains("mac")) {
            return image.resolve("Contents").resolve("MacOS").resolve(name);
        }
        return image.resolve("bin").resolve(name);
    }

    private static Path runtimeRelease() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return Path.of("Contents", "runtime", "Contents", "Home", "release");
        }
        return os.contains("win") ? Path.of("runtime", "release") : Path.of("lib", "runtime", "release");
    }
}
