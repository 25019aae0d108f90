package dev.callwire.samples.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.testing.netns.ChildProcess;
import dev.callwire.testing.netns.HostTools;
import dev.callwire.testing.netns.NamespaceLab;
import dev.callwire.testing.netns.NetworkNamespaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real NAT case of TURN: two peers in network namespaces with no route between them, each reaching only the
 * "middle" namespace that runs coturn and the signaling server, and a call that connects through the relay.
 *
 * <pre>
 *   cw-a-*  eth0 10.231.1.1/30 ──veth── to-a 10.231.1.2/30  cw-t-*  to-b 10.231.2.2/30 ──veth── eth0 10.231.2.1/30  cw-b-*
 *   answerer bot                          coturn :3478 (both addresses, relay 10.231.1.2)                  caller bot
 *                                         signaling :8080 (0.0.0.0)
 *                                         net.ipv4.ip_forward=0
 * </pre>
 *
 * A and B route everything via T, but T does not forward, so A and B cannot reach each other (checked with ping
 * before the call); both bots run {@code --relay-only} against the TURN address on their side. Needs root, iproute2,
 * iputils-ping and coturn; fails (never skips) naming what is missing.
 */
class NatRelayIT {

    private static final String A_IP = "10.231.1.1";
    private static final String T_A_IP = "10.231.1.2";
    private static final String B_IP = "10.231.2.1";
    private static final String T_B_IP = "10.231.2.2";
    private static final int TURN_PORT = 3478;
    private static final int SIGNALING_PORT = 8080;
    private static final String TURN_USER = "natuser";
    private static final String TURN_PASSWORD = "natpass";
    private static final String REALM = "callwire.test";
    /** coturn {@code -v}: {@code session N: closed (2nd stage), ..., local IP:PORT, remote IP:PORT, reason: ...}. */
    private static final Pattern CLOSED = Pattern.compile("session (\\d+): closed .*, remote ([0-9.]+):\\d+,");
    /** coturn {@code -v}: {@code session N: peer usage: realm=<R>, username=<U>, rp=.., rb=.., sp=.., sb=..}. */
    private static final Pattern PEER_USAGE = Pattern.compile("session (\\d+): peer usage: .*\\brp=(\\d+)");

    private HostTools tools;
    private NamespaceLab lab;
    private NetworkNamespaces net;

    @BeforeEach
    void requireHost() {
        tools = HostTools.require("NatRelayIT", "ping", "turnserver");
        Jars.require();
        lab = new NamespaceLab(tools, Path.of("target", "nat-relay"));
        net = lab.net();
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
            System.out.println("NatRelayIT logs and reports: " + lab.outDir());
        }
    }

    @Test
    void peersWithoutARouteToEachOtherConnectThroughTheTurnRelay() throws Exception {
        // ---------------------------------------------------------------- the network
        String a = net.add("cw-a-");
        String b = net.add("cw-b-");
        String t = net.add("cw-t-");
        net.link(t, "to-a", a, "eth0");
        net.link(t, "to-b", b, "eth0");
        net.address(t, "to-a", T_A_IP + "/30");
        net.address(t, "to-b", T_B_IP + "/30");
        net.address(a, "eth0", A_IP + "/30");
        net.address(b, "eth0", B_IP + "/30");
        net.defaultRoute(a, T_A_IP);
        net.defaultRoute(b, T_B_IP);
        net.sysctl(t, "net.ipv4.ip_forward", "0");

        // Each peer reaches the middle (which also proves ping works here) ...
        awaitPing(a, T_A_IP);
        awaitPing(b, T_B_IP);
        // ... but not the other peer, in either direction: T does not forward.
        assertThat(ping(a, B_IP).exitCode()).as("A must not reach B directly").isNotZero();
        assertThat(ping(b, A_IP).exitCode()).as("B must not reach A directly").isNotZero();

        // ---------------------------------------------------------------- the middle: coturn and signaling
        ChildProcess coturn = lab.start("coturn", t, List.of(tools.path("turnserver").toString(), "-n", "-v",
                "--listening-ip=" + T_A_IP, "--listening-ip=" + T_B_IP, "--relay-ip=" + T_A_IP,
                "--listening-port=" + TURN_PORT, "--min-port=49152", "--max-port=49352", "--realm=" + REALM,
                "--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout", "--simple-log",
                "--pidfile=" + lab.outDir().resolve("turnserver.pid"),
                "--lt-cred-mech", "--user=" + TURN_USER + ":" + TURN_PASSWORD));
        coturn.awaitLine("UDP listeners on " + T_A_IP + " and " + T_B_IP,
                lines -> udpListener(lines, T_A_IP) && udpListener(lines, T_B_IP), Duration.ofSeconds(15));

        Jars.startSignaling(lab, t, SIGNALING_PORT);

        // ---------------------------------------------------------------- the peers
        Path answererReport = lab.outDir().resolve("answerer.json");
        Path callerReport = lab.outDir().resolve("caller.json");
        ChildProcess answerer = lab.start("answerer", a, List.of(bot(T_A_IP, "answerer", answererReport,
                "--answer", "--duration", "90", "--until-calls-end")));
        ChildProcess caller = lab.start("caller", b, List.of(bot(T_B_IP, "caller", callerReport,
                "--call", "first", "--duration", "12")));

        int callerExit = caller.awaitExit(Duration.ofSeconds(90));
        int answererExit = answerer.awaitExit(Duration.ofSeconds(15));
        System.out.println("---- caller (namespace B)\n" + caller.output());
        System.out.println("---- answerer (namespace A)\n" + answerer.output());

        assertThat(callerExit).as("caller exit code; output:%n%s", caller.output()).isZero();
        assertThat(answererExit).as("answerer exit code; output:%n%s", answerer.output()).isZero();
        assertThat(caller.output()).contains("RESULT: PASS 1 call(s)");
        assertThat(answerer.output()).contains("RESULT: PASS 1 call(s)");

        ObjectMapper json = new ObjectMapper();
        JsonNode callerJson = json.readTree(callerReport.toFile());
        JsonNode answererJson = json.readTree(answererReport.toFile());
        assertThat(callerJson.get("calls")).hasSize(1);
        assertThat(answererJson.get("calls")).hasSize(1);
        JsonNode outgoing = callerJson.get("calls").get(0);
        JsonNode incoming = answererJson.get("calls").get(0);
        assertThat(outgoing.get("direction").asText()).isEqualTo("OUTGOING");
        assertThat(incoming.get("direction").asText()).isEqualTo("INCOMING");
        assertThat(outgoing.get("callId").asText()).isEqualTo(incoming.get("callId").asText()).isNotBlank();
        for (JsonNode call : List.of(outgoing, incoming)) {
            assertThat(call.get("passed").asBoolean()).as("call %s", call).isTrue();
            assertThat(call.get("framesDecoded").asLong()).as("frames decoded in %s", call).isGreaterThan(10);
            assertThat(call.get("audioPacketsReceived").asLong()).as("audio in %s", call).isGreaterThan(10);
            assertThat(call.get("candidateType").asText()).as("selected local candidate in %s", call)
                    .isEqualTo("RELAY");
        }

        // coturn relayed the media of each side: once the bots have hung up, libwebrtc deletes its allocations
        // (REFRESH with lifetime 0) and coturn logs each session's remote address and traffic. For both peers there
        // must be a session whose relay received plenty of packets from the other side.
        try {
            Awaitility.await("coturn closed the relayed sessions of both peers").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> relayedPackets(coturn.lines(), A_IP) > 100 && relayedPackets(coturn.lines(), B_IP) > 100);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("coturn did not log relayed sessions for " + A_IP + " and " + B_IP + "; log:\n"
                    + coturn.output(), e);
        } finally {
            System.out.println("---- coturn (namespace T), allocations\n" + String.join("\n", coturn.lines().stream()
                    .filter(l -> l.contains("ALLOCATE") || l.contains("CREATE_PERMISSION") || l.contains("usage:")
                            || l.contains("CHANNEL_BIND") || l.contains("closed"))
                    .toList()));
        }
        System.out.printf("coturn relayed %d packets to the answerer (%s) and %d to the caller (%s)%n",
                relayedPackets(coturn.lines(), A_IP), A_IP, relayedPackets(coturn.lines(), B_IP), B_IP);
    }

    /**
     * The most packets coturn received from the peer side (the other client's relay) on a closed allocation of the
     * client at {@code clientIp}; 0 if there is none yet. Relies on coturn's {@code -v} log lines
     * {@code session N: peer usage: ..., rp=..} and {@code session N: closed ..., remote IP:PORT, ...}.
     */
    static long relayedPackets(List<String> log, String clientIp) {
        Set<String> sessions = new HashSet<>();
        for (String line : log) {
            Matcher closed = CLOSED.matcher(line);
            if (closed.find() && closed.group(2).equals(clientIp)) {
                sessions.add(closed.group(1));
            }
        }
        long most = 0;
        for (String line : log) {
            Matcher usage = PEER_USAGE.matcher(line);
            if (usage.find() && sessions.contains(usage.group(1))) {
                most = Math.max(most, Long.parseLong(usage.group(2)));
            }
        }
        return most;
    }

    private String[] bot(String turnIp, String name, Path report, String... extra) {
        List<String> command = new ArrayList<>(List.of(Jars.JAVA, "-jar", Jars.BOT_JAR.toString(),
                "--signaling", "ws://" + turnIp + ":" + SIGNALING_PORT + "/ws", "--room", "nat", "--name", name,
                "--relay-only", "--ice-server", "turn:" + turnIp + ":" + TURN_PORT + "?transport=udp," + TURN_USER + ","
                        + TURN_PASSWORD,
                "--video", "320x240@15", "--join-timeout", "60", "--report", report.toString()));
        command.addAll(List.of(extra));
        return command.toArray(String[]::new);
    }

    private NetworkNamespaces.Result ping(String ns, String address) {
        return net.exec(ns, Duration.ofSeconds(5), tools.path("ping").toString(), "-c", "1", "-W", "1", address);
    }

    /** The veth links may need a moment after being set up; the first ping can be lost. */
    private void awaitPing(String ns, String address) {
        try {
            Awaitility.await(ns + " pings " + address).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ZERO)
                    .until(() -> ping(ns, address).exitCode() == 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(ns + " cannot reach " + address + ": " + ping(ns, address), e);
        }
    }

    private static boolean udpListener(List<String> lines, String address) {
        return lines.stream().anyMatch(l -> l.contains("UDP listener opened on") && l.contains(address + ":" + TURN_PORT));
    }
}
