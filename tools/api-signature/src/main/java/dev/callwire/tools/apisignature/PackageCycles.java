package dev.callwire.tools.apisignature;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;

/**
 * Finds dependency cycles between the packages of a class directory. A cycle means neither package can be
 * understood, versioned or split off without the other; for an API it usually means a user-facing package
 * names a plugin-author type (or the reverse).
 *
 * <p>References are read from the constant pool, the way {@code jdeps} does: class entries plus every type
 * named in a descriptor or generic signature. That covers code, fields, signatures and annotations.
 */
final class PackageCycles {

    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_CLASS = 7;
    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([\\w/$]+)[;<]");

    /** For each package, the packages it uses and, per used package, one example "from -> to" class pair. */
    private final Map<String, Map<String, String>> uses;

    private PackageCycles(Map<String, Map<String, String>> uses) {
        this.uses = uses;
    }

    static PackageCycles read(Path classesDirectory) throws IOException {
        Map<String, Set<String>> referencesByClass = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classesDirectory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".class")) {
                    ClassReader reader = new ClassReader(Files.readAllBytes(file));
                    referencesByClass.put(reader.getClassName(), references(reader));
                }
            }
        }
        Map<String, Map<String, String>> uses = new TreeMap<>();
        for (Map.Entry<String, Set<String>> entry : referencesByClass.entrySet()) {
            String from = ApiTypes.packageOf(entry.getKey());
            for (String target : entry.getValue()) {
                String to = ApiTypes.packageOf(target);
                // Only packages of this directory: the JDK and libraries cannot close a cycle with it.
                if (!to.equals(from) && referencesByClass.containsKey(target)) {
                    uses.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to,
                            Signatures.javaName(entry.getKey()) + " -> " + Signatures.javaName(target));
                }
            }
        }
        return new PackageCycles(uses);
    }

    /**
     * One line per cycle (a strongly connected group of two or more packages), with the edges that close it
     * and an example class pair for each, or empty when the packages form a hierarchy.
     */
    Optional<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Set<String> group : stronglyConnectedGroups()) {
            if (group.size() < 2) {
                continue;
            }
            StringBuilder line = new StringBuilder("  cycle between " + group + ":");
            for (String from : group) {
                uses.getOrDefault(from, Map.of()).forEach((to, example) -> {
                    if (group.contains(to)) {
                        line.append("\n    ").append(from).append(" uses ").append(to).append(" (").append(example)
                                .append(')');
                    }
                });
            }
            lines.add(line.toString());
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines));
    }

    private static Set<String> references(ClassReader reader) throws IOException {
        Set<String> names = new TreeSet<>();
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int item = 1; item < reader.getItemCount(); item++) {
            int offset = reader.getItem(item);
            if (offset == 0) {
                continue; // the unused second slot of a long or double
            }
            int tag = reader.readByte(offset - 1);
            if (tag == CONSTANT_CLASS) {
                String name = reader.readUTF8(offset, buffer);
                names.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
            } else if (tag == CONSTANT_UTF8) {
                Matcher matcher = DESCRIPTOR_TYPE.matcher(utf8At(reader, offset));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    /** ASM reads a Utf8 entry only through an index that points at it; this reads the entry itself. */
    private static String utf8At(ClassReader reader, int offset) throws IOException {
        int length = reader.readUnsignedShort(offset);
        byte[] bytes = new byte[length + 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) reader.readByte(offset + i);
        }
        return new DataInputStream(new ByteArrayInputStream(bytes)).readUTF();
    }

    /** Tarjan's algorithm; the recursion is as deep as the package count, a handful. Stable order. */
    private List<Set<String>> stronglyConnectedGroups() {
        Set<String> packages = new TreeSet<>(uses.keySet());
        uses.values().forEach(targets -> packages.addAll(targets.keySet()));
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> groups = new ArrayList<>();
        for (String start : packages) {
            if (!index.containsKey(start)) {
                connect(start, index, low, stack, onStack, groups);
            }
        }
        return groups;
    }

    private void connect(String node, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         Set<String> onStack, List<Set<String>> groups) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : uses.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, onStack, groups);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(node));
            groups.add(group);
        }
    }
}
