package dev.callwire.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The classpath folder {@code static/} inside a jar, as the samples' and benchmarks' shaded jars carry it. */
class ClasspathStaticsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "directory entry written: {0}")
    @ValueSource(booleans = {true, false})
    void aJarsStaticFolderIsServedFromItsRealLocationNotAnAlias(boolean directoryEntry) throws Exception {
        Path jar = dir.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            if (directoryEntry) {
                out.putNextEntry(new JarEntry("static/"));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("static/index.html"));
            out.write("<h1>callwire</h1>".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ResourceFactory.Closeable resources = ResourceFactory.closeable()) {
            Resource statics = ServerRuntime.classpathStatics(resources, loader);

            assertThat(statics).isNotNull();
            // Jetty warns at every start of a context whose base resource is an alias.
            assertThat(statics.isAlias()).as("alias of %s", statics.getRealURI()).isFalse();
            Resource index = statics.resolve("index.html");
            assertThat(index.exists()).isTrue();
            assertThat(index.isAlias()).isFalse();
        }
    }
}
