package dev.callwire.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    private final Map<String, String> users;
    private final String acl;
    private final List<String> securityLines;
    private final DebianDaemon daemon = new DebianDaemon("mosquitto", "mosquitto", BINARY_PROPERTY,
            "/usr/sbin/mosquitto", "The MQTT tests");

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
        daemon.prepare();
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        daemon.stopAndDelete();
    }

    /** The broker's port. */
    public int port() {
        return daemon.port();
    }

    /** {@code mqtt://127.0.0.1:PORT} plus {@code suffix} (a path and/or query). */
    public URI uri(String suffix) {
        return URI.create("mqtt://127.0.0.1:" + port() + suffix);
    }

    /** Paho's address of the broker. */
    public String serverUri() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Starts the broker (again) on the same port and waits until it accepts connections. */
    @Override
    public void start() throws IOException, InterruptedException {
        Path binary = daemon.binary();
        Path conf = daemon.dir().resolve("mosquitto.conf");
        List<String> security = acl == null ? List.of("allow_anonymous true") : writeSecurityFiles(binary);
        Files.writeString(conf, String.join("\n",
                "listener " + port() + " 127.0.0.1",
                String.join("\n", security),
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                ""), StandardCharsets.UTF_8);
        daemon.start(List.of(binary.toString(), "-c", conf.toString()), DebianDaemon::accepts);
    }

    private List<String> writeSecurityFiles(Path broker) throws IOException, InterruptedException {
        Path dir = daemon.dir();
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
    public void kill() {
        daemon.kill();
    }

    /** Stops the broker gracefully (SIGTERM), then forcibly if it hangs. */
    @Override
    public void stop() {
        daemon.stop();
    }

    /** Stops the broker and removes its files. */
    @Override
    public void close() throws IOException {
        daemon.stopAndDelete();
    }

    /** What the broker logged so far. */
    public String logText() {
        return daemon.logText();
    }
}
