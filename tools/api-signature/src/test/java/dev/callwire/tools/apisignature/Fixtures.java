package dev.callwire.tools.apisignature;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles fixture sources given as text into a directory, so each test shows the source it lists next to
 * the expected listing, and the lister reads real javac output as it does in the build.
 */
final class Fixtures {

    private Fixtures() {
    }

    /** {@code sources} maps a binary class name ({@code fixture.Shape}) to its source text. */
    static Path compile(Path output, Map<String, String> sources) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = sources.entrySet().stream()
                .map(entry -> source(entry.getKey(), entry.getValue()))
                .collect(Collectors.toList());
        StringWriter diagnostics = new StringWriter();
        // --release 17: the sdk-api's target, whatever JDK runs the tests.
        boolean compiled = compiler.getTask(diagnostics, null, null,
                List.of("--release", "17", "-proc:none", "-d", output.toString()), null, units).call();
        if (!compiled) {
            throw new IllegalStateException("fixture sources do not compile:\n" + diagnostics);
        }
        return output;
    }

    private static JavaFileObject source(String className, String text) {
        URI uri = URI.create("string:///" + className.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension);
        return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
    }
}
