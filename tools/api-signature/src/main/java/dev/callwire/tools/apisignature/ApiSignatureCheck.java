package dev.callwire.tools.apisignature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The build step: lists the API of a class directory and either checks it against the checked-in signature
 * file (failing on any difference) or, when asked to, rewrites that file.
 *
 * <pre>
 * --classes DIR  --file FILE  --packages a.b,a.b.c  [--update true|false]
 * </pre>
 *
 * The build runs it in-process with exec-maven-plugin's {@code java} goal: a failure is an exception whose
 * message Maven prints, and its console output is the build's.
 */
public final class ApiSignatureCheck {

    /** The Maven property that turns the check into an update; named in every failure message. */
    static final String UPDATE_PROPERTY = "api.update";

    private ApiSignatureCheck() {
    }

    public static void main(String[] args) throws IOException, CheckFailed {
        Map<String, String> options = options(args);
        Set<String> packages = new TreeSet<>(Arrays.asList(required(options, "--packages").split(",")));
        String outcome = run(Path.of(required(options, "--classes")), Path.of(required(options, "--file")),
                packages, Boolean.parseBoolean(options.getOrDefault("--update", "false")));
        System.out.println(outcome);
    }

    /**
     * Checks or updates {@code file}; returns what was done, in one line for the build log.
     *
     * @throws CheckFailed if the file differs (or is missing) and {@code update} is false, if a package
     *     holds API types without being listed, or if packages depend on each other in a cycle
     */
    static String run(Path classes, Path file, Set<String> packages, boolean update) throws IOException, CheckFailed {
        ApiTypes apiTypes = ApiTypes.read(classes, packages);
        if (!apiTypes.unlistedPackages().isEmpty()) {
            throw new CheckFailed("API signature check: packages " + apiTypes.unlistedPackages() + " in " + classes
                    + " hold public types but are neither listed as API (" + packages + ") nor named 'internal'."
                    + " List them in the api-signature execution's --packages, or move them to an internal package.");
        }
        Optional<String> cycles = PackageCycles.read(classes).describe();
        if (cycles.isPresent()) {
            throw new CheckFailed("API signature check: the packages in " + classes + " depend on each other in a"
                    + " cycle, so none of them can be read or changed alone:\n" + cycles.get()
                    + "\nBreak each cycle by moving the type one package needs into that package, or into one"
                    + " both can use.");
        }
        List<String> generated = ApiListing.lines(apiTypes);
        String shownFile = shown(file);
        if (update) {
            if (Files.exists(file) && read(file).equals(generated)) {
                return "API signature: " + shownFile + " is up to date (" + generated.size() + " lines)";
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, String.join("\n", generated) + "\n", StandardCharsets.UTF_8);
            return "API signature: wrote " + shownFile + " (" + generated.size() + " lines); review it with git diff";
        }
        if (!Files.exists(file)) {
            throw new CheckFailed("API signature check: " + shownFile + " does not exist.\n" + howToAccept(shownFile));
        }
        Optional<String> difference = ListingDifference.between(read(file), generated);
        if (difference.isPresent()) {
            throw new CheckFailed("API signature check: the public API differs from " + shownFile
                    + " (- only in that file, + only in the compiled classes)\n"
                    + difference.get() + howToAccept(shownFile));
        }
        return "API signature: " + shownFile + " matches the compiled classes (" + generated.size() + " lines)";
    }

    private static String howToAccept(String shownFile) {
        return "If the API change is intended, accept it: run the build with -D" + UPDATE_PROPERTY + "=true\n"
                + "(for example ./mvnw -B -pl sdk-api -am verify -DskipTests -D" + UPDATE_PROPERTY + "=true),\n"
                + "review git diff " + shownFile + ", commit it, and add a line to CHANGELOG.md under [Unreleased].";
    }

    // Git may check the file out with CRLF on Windows; the listing is compared line by line, not byte by byte.
    private static List<String> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    }

    /** The file as a developer would type it: relative to the directory the build runs in, when inside it. */
    private static String shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + name
                    + "; usage: --classes DIR --file FILE --packages a.b,a.b.c [--update true|false]");
        }
        return value;
    }

    /** The check's verdict against the checked-in file; its message is what the build log shows. */
    static final class CheckFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            // No stack trace: this is a verdict on the API, not a fault in the tool, and the log should show
            // only the message.
            super(message, null, false, false);
        }
    }
}
