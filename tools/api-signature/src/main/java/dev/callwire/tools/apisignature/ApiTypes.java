package dev.callwire.tools.apisignature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InnerClassNode;

/**
 * Decides which compiled types are API: those a user outside the package can name. A type qualifies if it
 * is public or protected, every type it is nested in qualifies too, it is neither local nor anonymous, and
 * its package is one of the exported ones and has no {@code internal} segment.
 *
 * <p>Classes are read from the class files, not loaded: nothing is initialised, no dependency has to be on
 * the class path, and the compile-time constants are exactly what the ConstantValue attributes say.
 */
final class ApiTypes {

    private final Map<String, ClassNode> byName;
    private final Set<String> packages;

    private ApiTypes(Map<String, ClassNode> byName, Set<String> packages) {
        this.byName = byName;
        this.packages = Set.copyOf(packages);
    }

    /** Reads every class file under {@code classesDirectory}; {@code packages} are dotted package names. */
    static ApiTypes read(Path classesDirectory, Set<String> packages) throws IOException {
        Map<String, ClassNode> byName = new HashMap<>();
        try (Stream<Path> files = Files.walk(classesDirectory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".class") && !fileName.equals("module-info.class")
                        && !fileName.equals("package-info.class")) {
                    ClassNode node = parse(file);
                    byName.put(node.name, node);
                }
            }
        }
        return new ApiTypes(byName, packages);
    }

    /** The API types of the exported packages, ordered by package, then by source name. */
    List<ClassNode> types() {
        return byName.values().stream()
                .filter(node -> isApi(node.name))
                .sorted(Comparator.comparing((ClassNode node) -> packageOf(node.name))
                        .thenComparing(node -> Signatures.javaName(node.name)))
                .collect(Collectors.toList());
    }

    /** Whether {@code internalName} is an API type (permitted subclasses that are not, stay out of the listing). */
    boolean isApi(String internalName) {
        String packageName = packageOf(internalName);
        return packages.contains(packageName) && !isInternal(packageName) && isVisible(internalName);
    }

    /**
     * The supertypes of {@code type} in this directory that are not API, nearest first. Their public and
     * protected members are inherited into {@code type} and usable through it, so they belong to its API;
     * the search stops at API types (they list their own members) and at types from elsewhere (the JDK).
     */
    List<ClassNode> hiddenSupertypes(ClassNode type) {
        List<ClassNode> hidden = new ArrayList<>();
        Deque<String> pending = new ArrayDeque<>(supertypeNames(type));
        Set<String> visited = new HashSet<>();
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            ClassNode node = byName.get(name);
            if (visited.add(name) && node != null && !isApi(name)) {
                hidden.add(node);
                pending.addAll(supertypeNames(node));
            }
        }
        return hidden;
    }

    private static List<String> supertypeNames(ClassNode node) {
        List<String> names = new ArrayList<>();
        if (node.superName != null) {
            names.add(node.superName);
        }
        names.addAll(node.interfaces);
        return names;
    }

    /**
     * Packages holding types a user could name, but neither exported nor internal. Exported packages are an
     * explicit list, so a new package would otherwise slip past the check unlisted.
     */
    SortedSet<String> unlistedPackages() {
        return byName.keySet().stream()
                .filter(this::isVisible)
                .map(ApiTypes::packageOf)
                .filter(name -> !packages.contains(name) && !isInternal(name))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The entry a nested type's own class file carries about itself, or {@code null} for a top-level type.
     * Its access flags are the declared ones: the class file's own flags turn a protected nested type
     * into a public one and a private one into a package-private one.
     */
    static InnerClassNode nesting(ClassNode node) {
        return node.innerClasses.stream().filter(entry -> entry.name.equals(node.name)).findFirst().orElse(null);
    }

    static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    private boolean isVisible(String internalName) {
        ClassNode node = byName.get(internalName);
        if (node == null) {
            return false;
        }
        InnerClassNode nesting = nesting(node);
        if (nesting == null) {
            return (node.access & Opcodes.ACC_PUBLIC) != 0;
        }
        boolean declaredVisible = (nesting.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0;
        // A local or anonymous class has no outer name: it cannot be named from outside its method.
        return declaredVisible && nesting.outerName != null && isVisible(nesting.outerName);
    }

    private static boolean isInternal(String packageName) {
        return Arrays.asList(packageName.split("\\.")).contains("internal");
    }

    private static ClassNode parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            ClassNode node = new ClassNode();
            // Signatures, not code: skipping method bodies keeps reading a few hundred classes instant.
            new ClassReader(in).accept(node, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return node;
        }
    }
}
