package dev.callwire.testing.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a network-namespace test needs from the host: root and some executables. {@link #require} fails (never skips)
 * naming everything missing with the Debian package that provides it, so a CI image without them goes red.
 */
public final class HostTools {

    /** Executables tests ask for, with the Debian package that has them (for the failure message). */
    private static final Map<String, String> PACKAGES = Map.of("ip", "iproute2", "ping", "iputils-ping",
            "turnserver", "coturn", "chromium", "chromium", "node", "nodejs", "npm", "npm");

    private final Map<String, Path> found;

    private HostTools(Map<String, Path> found) {
        this.found = found;
    }

    /**
     * Root, {@code ip} and every named executable, or an {@link IllegalStateException} naming what is missing.
     *
     * @param test        who asks, for the message
     * @param executables further executables besides {@code ip}, e.g. {@code "turnserver"}
     */
    public static HostTools require(String test, String... executables) {
        List<String> missing = new ArrayList<>();
        long uid = uid();
        if (uid != 0) {
            missing.add("root (network namespaces need it; running as uid " + uid + ")");
        }
        Map<String, Path> found = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of("ip"));
        names.addAll(List.of(executables));
        for (String name : names) {
            Path path = find(name);
            if (path == null) {
                missing.add("'" + name + "' (Debian package " + PACKAGES.getOrDefault(name, name) + ")");
            } else {
                found.put(name, path);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(test + " cannot run here; missing: " + String.join(", ", missing)
                    + ". CI (.ci/run) runs as root and installs these packages.");
        }
        return new HostTools(Map.copyOf(found));
    }

    /** {@code ip} (iproute2). */
    public Path ip() {
        return found.get("ip");
    }

    /** An executable named in {@link #require}. */
    public Path path(String name) {
        Path path = found.get(name);
        if (path == null) {
            throw new IllegalArgumentException(name + " was not asked for in require()");
        }
        return path;
    }

    private static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** On PATH, or in the sbin/bin directories a non-login root PATH may lack. */
    static Path find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
