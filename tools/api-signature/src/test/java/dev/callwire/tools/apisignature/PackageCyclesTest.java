package dev.callwire.tools.apisignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cycles are found through every kind of reference and named with an example class pair per edge. */
class PackageCyclesTest {

    @TempDir
    Path directory;

    @Test
    void aHierarchyHasNoCycle() throws Exception {
        Path classes = Fixtures.compile(directory, Map.of(
                "api.Config", "package api; public final class Config { }",
                "api.spi.Plugin", "package api.spi; public interface Plugin { void start(api.Config config); }"));

        assertThat(PackageCycles.read(classes).describe()).isEmpty();
    }

    @Test
    void aMethodParameterAndAFieldTypeCloseACycle() throws Exception {
        Path classes = Fixtures.compile(directory, Map.of(
                "api.Config", "package api; public final class Config { public void use(api.spi.Plugin p) { } }",
                "api.spi.Plugin", "package api.spi; public interface Plugin { void start(api.Config config); }"));

        assertThat(PackageCycles.read(classes).describe()).hasValueSatisfying(text -> assertThat(text)
                .contains("cycle between [api, api.spi]")
                .contains("api uses api.spi (api.Config -> api.spi.Plugin)")
                .contains("api.spi uses api (api.spi.Plugin -> api.Config)"));
    }

    @Test
    void aReferenceOnlyInsideCodeOrAGenericSignatureCounts() throws Exception {
        Path classes = Fixtures.compile(directory, Map.of(
                "api.Config", """
                        package api;
                        public final class Config {
                            public Object make() { return new api.spi.Plugins(); }
                        }
                        """,
                "api.spi.Plugins", """
                        package api.spi;
                        public final class Plugins {
                            public java.util.List<api.Config> configs() { return java.util.List.of(); }
                        }
                        """));

        assertThat(PackageCycles.read(classes).describe()).isPresent();
    }

    @Test
    void theGateFailsOnACycleEvenWhenAskedToUpdate() throws Exception {
        Path classes = Fixtures.compile(directory.resolve("classes"), Map.of(
                "api.Config", "package api; public final class Config { public void use(api.spi.Plugin p) { } }",
                "api.spi.Plugin", "package api.spi; public interface Plugin { void start(api.Config config); }"));

        assertThatThrownBy(() -> ApiSignatureCheck.run(classes, directory.resolve("api.txt"),
                Set.of("api", "api.spi"), true))
                .isInstanceOf(ApiSignatureCheck.CheckFailed.class)
                .hasMessageContaining("cycle between [api, api.spi]");
    }
}
