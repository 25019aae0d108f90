package dev.callwire.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Mosquitto broker for one test: Debian's {@code mosquitto} binary on a free 127.0.0.1 port, anonymous,
 * without persistence. Register with {@code @RegisterExtension}; it starts before each test and is killed after.
 * A missing binary fails the test (it is never skipped): install the Debian package {@code mosquitto}, or point
 * the system property {@value #BINARY_PROPERTY} at the binary.
 *
 * <p>{@link #secured} makes one that authenticates users from a password file (written with Mosquitto's own
 * {@code mosquitto_passwd}) and applies an ACL file, for tests of what a broker enforces.
 */
public final class MosquittoBroker implements BeforeEachCallback, AfterEachCallback, RestartableServer {

    /** The system property that overrides where the {@code mosquitto} binary is. */
    public static final String BINARY_PROPERTY = "callwire.mosquitto";
    private static final String DEFAULT_BINARY = "/usr/sbin/mosquitto";

    private final Map<String, String> users;
    private final String acl;
    private final List<String> securityLines;
    private Path dir;
    private Path log;
    private int port;
    private Process process;

    /** An anonymous broker. */
    public MosquittoBroker() {
        this(Map.of(), null, List.of());
    }

    private MosquittoBroker(Map<String, String> users, String acl, List<String> securityLines) {
        this.users = Map.copyOf(users);
        this.acl = acl;
        this.securityLines = List.copyOf(securityLines);
    }

    /**
     * A broker that lets in only {@code users} and applies {@code acl}.
     *
     * @param users         user name to password
     * @param acl           the ACL file's text
     * @param securityLines configuration lines instead of {@code allow_anonymous true}; {@value #PASSWORD_FILE} and
     *                      {@value #ACL_FILE} in them are replaced by the paths of the files written here
     * @return a broker to register with {@code @RegisterExtension}
     */
    public static MosquittoBroker secured(Map<String, String> users, String acl, List<String> securityLines) {
        return new MosquittoBroker(users, acl, securityLines);
    }

    /** Placeholder for the password file's path in {@link #secured}'s configuration lines. */
    public static final String PASSWORD_FILE = "${passwordFile}";
    /** Placeholder for the ACL file's path in {@link #secured}'s configuration lines. */
    public static final String ACL_FILE = "${aclFile}";

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("callwire-mosquitto");
        log = dir.resolve("mosquitto.log");
        port = freePort();
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        stop();
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The broker's port. */
    public int port() {
        return port;
    }

    /** {@code mqtt://127.0.0.1:PORT} plus {@code suffix} (a path and/or query). */
    public URI uri(String suffix) {
        return URI.create("mqtt://127.0.0.1:" + port + suffix);
    }

    /** Paho's address of the broker. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker (again) on the same port and waits until it accepts connections. */
    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("mosquitto is already running");
        }
        Path binary = Path.of(System.getProperty(BINARY_PROPERTY, DEFAULT_BINARY));
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("The MQTT tests need the Mosquitto broker at " + binary + ", which is missing. "
                    + "Install the Debian package 'mosquitto' (apt-get install mosquitto), or set the system property "
                    + BINARY_PROPERTY + " to the binary.");
        }
        Path conf = dir.resolve("mosquitto.conf");
        List<String> security = acl == null ? List.of("allow_anonymous true") : writeSecurityFiles(binary);
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                String.join("\n", security),
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                "") , StandardCharsets.UTF_8);
        process = new ProcessBuilder(List.of(binary.toString(), "-c", conf.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        try {
            await("mosquitto accepting connections on 127.0.0.1:" + port)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new AssertionError("mosquitto exited with " + started.exitValue() + ": " + logText());
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException | AssertionError e) {
            stop();
            throw new AssertionError("mosquitto did not start on port " + port + "; its log: " + logText(), e);
        }
    }

    private List<String> writeSecurityFiles(Path broker) throws IOException, InterruptedException {
        Path passwd = dir.resolve("passwd");
        Path aclFile = dir.resolve("acl");
        Files.writeString(aclFile, acl, StandardCharsets.UTF_8);
        Files.writeString(passwd, "", StandardCharsets.UTF_8);
        Path tool = broker.resolveSibling("../bin/mosquitto_passwd").normalize();
        if (!Files.isExecutable(tool)) {
            tool = Path.of("/usr/bin/mosquitto_passwd");
        }
        if (!Files.isExecutable(tool)) {
            throw new AssertionError("The secured MQTT tests need mosquitto_passwd (Debian package 'mosquitto'), "
                    + "which is missing at " + tool);
        }
        for (Map.Entry<String, String> user : users.entrySet()) {
            Process p = new ProcessBuilder(tool.toString(), "-b", passwd.toString(), user.getKey(), user.getValue())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("mosquitto_passwd failed for " + user.getKey() + ": " + output);
            }
        }
        // Started as root, mosquitto reads these files after dropping to its own user.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(aclFile, PosixFilePermissions.fromString("rw-r--r--"));
        return securityLines.stream()
                .map(line -> line.replace(PASSWORD_FILE, passwd.toString()).replace(ACL_FILE, aclFile.toString()))
                .toList();
    }

    /** Stops the broker as a crash would: SIGKILL, no goodbyes, no wills sent. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Stops the broker gracefully (SIGTERM), then forcibly if it hangs. */
    @Override
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** Stops the broker; {@link #afterEach} also removes its files. */
    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** What the broker logged so far. */
    public String logText() {
        try {
            return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
