package dev.callwire.samples.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callwire.testing.netns.ChildProcess;
import dev.callwire.testing.netns.NamespaceLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The shaded jars the namespace ITs run as separate processes (a JVM cannot enter another network namespace), and
 * the signaling server started from one. Build them in the same reactor: {@code -pl signaling-server,samples/call-bot
 * -am}.
 */
final class Jars {

    static final Path BOT_JAR = Path.of("target", "call-bot.jar").toAbsolutePath();
    static final Path SIGNALING_JAR = Path.of("..", "..", "signaling-server", "target", "signaling-server.jar")
            .toAbsolutePath().normalize();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private Jars() {
    }

    /** Fails naming the build step when a jar is missing. */
    static void require() {
        assertThat(BOT_JAR).as("the shaded call-bot jar (package phase of samples/call-bot)").exists();
        assertThat(SIGNALING_JAR).as("the shaded signaling-server jar (build it in the same reactor: "
                + "-pl signaling-server,samples/call-bot -am)").exists();
    }

    /** The signaling server inside {@code ns} on {@code 0.0.0.0:port}, once it listens. */
    static ChildProcess startSignaling(NamespaceLab lab, String ns, int port) {
        ChildProcess signaling = lab.start("signaling", ns, List.of(JAVA, "-jar", SIGNALING_JAR.toString(),
                "--host", "0.0.0.0", "--port", String.valueOf(port)));
        signaling.awaitLine("listening", lines -> lines.stream().anyMatch(l -> l.startsWith("Callwire signaling "
                + "server on")), Duration.ofSeconds(60)); // slow JVM start on a busy machine
        return signaling;
    }
}
