package dev.callwire.tools.apisignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate end to end: update writes the file, an unchanged API passes, any difference fails the build. */
class ApiSignatureCheckTest {

    private static final Set<String> PACKAGES = Set.of("api");

    @TempDir
    Path directory;

    private Path classes;
    private Path file;

    @BeforeEach
    void compileApi() throws IOException {
        classes = Fixtures.compile(directory.resolve("classes"), Map.of(
                "api.Greeter", """
                        package api;
                        public interface Greeter { String greet(String name); }
                        """,
                "api.internal.Impl", """
                        package api.internal;
                        public class Impl implements api.Greeter { public String greet(String name) { return name; } }
                        """));
        file = directory.resolve("api/sdk-api.txt");
    }

    @Test
    void updateWritesTheListingAndACheckAfterwardsPasses() throws Exception {
        String written = ApiSignatureCheck.run(classes, file, PACKAGES, true);

        assertThat(written).contains("wrote");
        assertThat(Files.readAllLines(file)).contains("public interface api.Greeter",
                "  method public abstract java.lang.String greet(java.lang.String)");
        assertThat(ApiSignatureCheck.run(classes, file, PACKAGES, false)).contains("matches");
        assertThat(ApiSignatureCheck.run(classes, file, PACKAGES, true)).contains("up to date");
    }

    @Test
    void aDifferenceFailsNamingTheFileTheLinesAndHowToAccept() throws Exception {
        ApiSignatureCheck.run(classes, file, PACKAGES, true);
        String checkedIn = Files.readString(file);
        Files.writeString(file, checkedIn.replace("greet(java.lang.String)", "greet(java.lang.CharSequence)"));

        assertThatThrownBy(() -> ApiSignatureCheck.run(classes, file, PACKAGES, false))
                .isInstanceOf(ApiSignatureCheck.CheckFailed.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("in api.Greeter:\n"
                        + "- method public abstract java.lang.String greet(java.lang.CharSequence)\n"
                        + "+ method public abstract java.lang.String greet(java.lang.String)\n")
                .hasMessageContaining("-Dapi.update=true");
        // Failing leaves the checked-in file alone: only the developer's explicit update rewrites it.
        assertThat(Files.readString(file)).contains("greet(java.lang.CharSequence)");
    }

    @Test
    void aMissingFileFailsAndSaysHowToCreateIt() {
        assertThatThrownBy(() -> ApiSignatureCheck.run(classes, file, PACKAGES, false))
                .isInstanceOf(ApiSignatureCheck.CheckFailed.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("-Dapi.update=true");
    }

    @Test
    void windowsLineEndingsFromAGitCheckoutStillMatch() throws Exception {
        ApiSignatureCheck.run(classes, file, PACKAGES, true);
        Files.writeString(file, Files.readString(file).replace("\n", "\r\n"), StandardCharsets.UTF_8);

        assertThat(ApiSignatureCheck.run(classes, file, PACKAGES, false)).contains("matches");
    }

    @Test
    void aPublicTypeInAnUnlistedPackageFailsRatherThanGoingUnchecked() throws IOException {
        Fixtures.compile(classes, Map.of("api.extra.Added", "package api.extra; public class Added { }"));

        assertThatThrownBy(() -> ApiSignatureCheck.run(classes, file, PACKAGES, true))
                .isInstanceOf(ApiSignatureCheck.CheckFailed.class)
                .hasMessageContaining("[api.extra]");
    }

    @Test
    void mainReadsItsOptions() throws Exception {
        ApiSignatureCheck.main(new String[] {"--classes", classes.toString(), "--file", file.toString(),
                "--packages", "api", "--update", "true"});

        assertThat(file).exists();
    }
}
