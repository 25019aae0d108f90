package dev.callwire.samples.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls that survive network changes, between two call bots in their own network namespaces joined by a bridge in a
 * third one, which also runs the signaling server:
 *
 * <pre>
 *   cw-ra-*  eth0 10.232.0.11/24 ──veth── pa ┐
 *   answerer bot                              br0 10.232.0.1/24  cw-rs-*  signaling :8080
 *   cw-rb-*  eth0 10.232.0.12/24 ──veth── pb ┘
 *   caller bot
 * </pre>
 *
 * Host candidates only (no STUN/TURN), so the media path is the bridge. The answerer's side is what changes: its
 * address is replaced, or its bridge port goes down. Needs root and iproute2; fails (never skips) naming what is
 * missing. Build the jars in the same reactor: {@code -pl signaling-server,samples/call-bot -am}.
 */
class IceRestartIT {

    private static final String S_IP = "10.232.0.1";
    private static final String A_IP = "10.232.0.11";
    private static final String A_NEW_IP = "10.232.0.21";
    private static final String B_IP = "10.232.0.12";
    private static final int SIGNALING_PORT = 8080;
    private static final Pattern FRAMES = Pattern.compile(", (\\d+) frames decoded");

    private static final Path BOT_JAR = Path.of("target", "call-bot.jar").toAbsolutePath();
    private static final Path SIGNALING_JAR = Path.of("..", "..", "signaling-server", "target", "signaling-server.jar")
            .toAbsolutePath().normalize();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private NetworkNamespaces.HostTools tools;
    private NetworkNamespaces net;
    private Path outDir;
    private final List<ChildProcess> children = new ArrayList<>();
    private String a;
    private String b;
    private String s;
    private ChildProcess signaling;

    @BeforeEach
    void network() throws Exception {
        tools = NetworkNamespaces.HostTools.require();
        assertThat(BOT_JAR).as("the shaded call-bot jar (package phase of samples/call-bot)").exists();
        assertThat(SIGNALING_JAR).as("the shaded signaling-server jar (build it in the same reactor: "
                + "-pl signaling-server,samples/call-bot -am)").exists();
        net = new NetworkNamespaces(tools.ip());
        outDir = Path.of("target", "ice-restart", net.suffix()).toAbsolutePath();
        Files.createDirectories(outDir);

        a = net.add("cw-ra-");
        b = net.add("cw-rb-");
        s = net.add("cw-rs-");
        net.ipIn(s, "link", "add", "br0", "type", "bridge");
        net.ipIn(s, "link", "set", "br0", "up");
        net.link(s, "pa", a, "eth0");
        net.link(s, "pb", b, "eth0");
        net.ipIn(s, "link", "set", "pa", "master", "br0");
        net.ipIn(s, "link", "set", "pb", "master", "br0");
        net.address(s, "br0", S_IP + "/24");
        net.address(a, "eth0", A_IP + "/24");
        net.address(b, "eth0", B_IP + "/24");
        net.defaultRoute(a, S_IP);
        net.defaultRoute(b, S_IP);

        signaling = start("signaling", net.command(s, JAVA, "-jar", SIGNALING_JAR.toString(),
                "--host", "0.0.0.0", "--port", String.valueOf(SIGNALING_PORT)));
        signaling.awaitLine("listening", lines -> lines.stream().anyMatch(l -> l.startsWith("Callwire signaling "
                + "server on")), Duration.ofSeconds(60));
    }

    @AfterEach
    void tearDown() {
        try {
            for (int i = children.size() - 1; i >= 0; i--) {
                ChildProcess child = children.get(i);
                child.close();
                child.writeLog(outDir.resolve(child.label() + ".log"));
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
        System.out.println("IceRestartIT logs and reports: " + outDir);
    }

    @Test
    void anAddressChangeRestartsIceUnderTheSameCallIdAndFramesResumeWithinSeconds() throws Exception {
        Bots bots = startCall(180, 30);

        // One process, so the old address is gone and the new one there within milliseconds, as with a DHCP change
        // (separate commands can be seconds apart on a loaded machine).
        long changedAt = System.currentTimeMillis();
        String ip = tools.ip().toString();
        NetworkNamespaces.Result moved = net.exec(a, Duration.ofSeconds(10), "sh", "-c",
                ip + " addr del " + A_IP + "/24 dev eth0 && " + ip + " addr add " + A_NEW_IP + "/24 dev eth0 && "
                        + ip + " route add default via " + S_IP);
        assertThat(moved.exitCode()).as("moving the answerer to %s: %s", A_NEW_IP, moved).isZero();

        JsonNode[] reports = finish(bots);
        JsonNode answerer = reports[0].get("calls").get(0);
        JsonNode caller = reports[1].get("calls").get(0);

        assertSameCallThroughout(reports, bots);
        assertThat(answerer.get("iceRestarts").asInt()).as("ICE restarts of the side whose address changed")
                .isPositive();
        for (JsonNode call : List.of(answerer, caller)) {
            // Back to (or never out of) CONNECTED, never rung again; RECONNECTING only if ICE noticed before the restart.
            assertThat(lastState(call)).as("states of %s", call).startsWith("CONNECTED:");
            long resumed = resumedAfter(call, changedAt);
            System.out.printf("%s: remote frames resumed %d ms after the address change (gaps %s, recovered %s ms)%n",
                    call.get("direction").asText(), resumed, call.get("frameGaps"), call.get("recoveredMs"));
            assertThat(resumed).as("remote frames resume within seconds of the change, %s", call).isBetween(0L, 10_000L);
            assertThat(call.get("lastFrameAtMs").asLong() - changedAt).as("video still flowing long after the change")
                    .isGreaterThan(15_000);
        }
        // The answerer's signaling connection died with its old address; it came back under its old id at once.
        assertThat(reports[0].get("selfId").asText()).isEqualTo(caller.get("peerId").asText());
        assertThat(signaling.output()).contains("resumed in room");
    }

    @Test
    void aLinkDownForTenSecondsRecovers() throws Exception {
        Bots bots = startCall(180, 40);

        net.ipIn(s, "link", "set", "pa", "down");
        awaitLine(bots.caller, "the caller saw the media path go", 15, l -> l.contains(": reconnecting ("), 1);
        long downAt = System.currentTimeMillis();
        awaitFor(Duration.ofSeconds(10), downAt);
        net.ipIn(s, "link", "set", "pa", "up");

        awaitLine(bots.caller, "connected again after the link came back", 30,
                l -> l.contains(": connected (ICE_RESTARTED)") || l.contains(": connected (MEDIA_CONNECTED)"), 2);
        JsonNode[] reports = finish(bots);

        assertSameCallThroughout(reports, bots);
        for (JsonNode report : reports) {
            JsonNode call = report.get("calls").get(0);
            assertThat(call.get("states").toString()).contains("RECONNECTING");
            assertThat(lastState(call)).startsWith("CONNECTED:");
            assertThat(call.get("endReason").asText()).isEqualTo("HANGUP");
            assertThat(call.get("recoveredMs").asLong()).as("recovery time of %s", call).isGreaterThan(5_000);
        }
    }

    @Test
    void aLinkDownLongerThanTheBudgetEndsTheCallFailedOnBothSidesSayingWhy() throws Exception {
        Bots bots = startCall(180, 35, "--ice-restart-attempts", "2", "--ice-restart-window", "8");

        net.ipIn(s, "link", "set", "pa", "down");

        for (ChildProcess bot : List.of(bots.answerer, bots.caller)) {
            awaitLine(bot, "the call ended FAILED", 40, l -> l.contains("ended: FAILED"), 1);
            assertThat(bot.output()).contains("ICE restart attempts exhausted: 2 restart(s) of at most 2 within 8000 ms");
        }
        JsonNode[] reports = finish(bots);
        for (JsonNode report : reports) {
            JsonNode call = report.get("calls").get(0);
            assertThat(call.get("endReason").asText()).isEqualTo("FAILED");
            assertThat(lastState(call)).startsWith("RECONNECTING:");
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Bots(ChildProcess answerer, ChildProcess caller, Path answererReport, Path callerReport) {
    }

    /**
     * Starts both bots, waits until the call is connected and video has flowed for a while on both sides. The answerer
     * joins first and leaves when its call has ended (the caller's hang-up, or a failure); the caller's stay counts
     * from its own join, so slow start-ups on a busy machine do not cut the call short.
     */
    private Bots startCall(int answererSeconds, int callerSeconds, String... extra) {
        Path answererReport = outDir.resolve("answerer.json");
        Path callerReport = outDir.resolve("caller.json");
        ChildProcess answerer = start("answerer", net.command(a, bot("answerer", answererReport, answererSeconds,
                extra, "--answer", "--until-calls-end")));
        answerer.awaitLine("joined", lines -> lines.stream().anyMatch(l -> l.startsWith("joined room")),
                Duration.ofSeconds(90)); // bots start slowly on a busy machine
        ChildProcess caller = start("caller", net.command(b, bot("caller", callerReport, callerSeconds, extra,
                "--call", "first")));
        for (ChildProcess bot : List.of(answerer, caller)) {
            bot.awaitLine("video flowing", lines -> lines.stream().map(FRAMES::matcher).filter(Matcher::find)
                    .anyMatch(m -> Long.parseLong(m.group(1)) > 30), Duration.ofSeconds(90));
        }
        return new Bots(answerer, caller, answererReport, callerReport);
    }

    private JsonNode[] finish(Bots bots) throws Exception {
        int callerExit = bots.caller.awaitExit(Duration.ofSeconds(90));
        int answererExit = bots.answerer.awaitExit(Duration.ofSeconds(60));
        System.out.println("---- caller (namespace B)\n" + bots.caller.output());
        System.out.println("---- answerer (namespace A)\n" + bots.answerer.output());
        assertThat(callerExit).as("caller exit code; output:%n%s", bots.caller.output()).isZero();
        assertThat(answererExit).as("answerer exit code; output:%n%s", bots.answerer.output()).isZero();
        ObjectMapper json = new ObjectMapper();
        return new JsonNode[] {json.readTree(bots.answererReport.toFile()), json.readTree(bots.callerReport.toFile())};
    }

    /** One call on each side, the same id, never rung again, and media decoded. */
    private static void assertSameCallThroughout(JsonNode[] reports, Bots bots) {
        JsonNode answerer = reports[0].get("calls");
        JsonNode caller = reports[1].get("calls");
        assertThat(answerer).as("calls of the answerer").hasSize(1);
        assertThat(caller).as("calls of the caller").hasSize(1);
        assertThat(answerer.get(0).get("callId").asText()).isEqualTo(caller.get(0).get("callId").asText());
        assertThat(bots.answerer.lines().stream().filter(l -> l.startsWith("answering call"))).hasSize(1);
        assertThat(bots.caller.lines().stream().filter(l -> l.startsWith("calling "))).hasSize(1);
        for (JsonNode call : List.of(answerer.get(0), caller.get(0))) {
            assertThat(call.get("passed").asBoolean()).as("call %s", call).isTrue();
        }
    }

    /**
     * How long after {@code since} the remote video was flowing again: the end of the last pause (of 500 ms or more)
     * that covered or followed {@code since} within 10 s; 0 if the video never paused.
     */
    static long resumedAfter(JsonNode call, long since) {
        long resumed = 0;
        for (JsonNode gap : call.get("frameGaps")) {
            long end = gap.get("endedAtMs").asLong();
            long start = end - gap.get("ms").asLong();
            if (end > since && start < since + 10_000) {
                resumed = Math.max(resumed, end - since);
            }
        }
        return resumed;
    }

    private static String lastState(JsonNode call) {
        JsonNode states = call.get("states");
        return states.get(states.size() - 1).asText();
    }

    /** Waits until {@code count} lines match (counting from the start of the output). */
    private static void awaitLine(ChildProcess bot, String what, int seconds,
                                  java.util.function.Predicate<String> line, int count) {
        bot.awaitLine(what, lines -> lines.stream().filter(line).count() >= count, Duration.ofSeconds(seconds));
    }

    /** Keeps the link down for {@code duration} measured from {@code since}, without sleeping as synchronisation. */
    private static void awaitFor(Duration duration, long since) {
        org.awaitility.Awaitility.await("link down for " + duration).atMost(duration.plusSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> System.currentTimeMillis() - since >= duration.toMillis());
    }

    private String[] bot(String name, Path report, int seconds, String[] extra, String... role) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dorg.slf4j.simpleLogger.log.dev.callwire=info",
                "-jar", BOT_JAR.toString(), "--signaling", "ws://" + S_IP + ":" + SIGNALING_PORT + "/ws",
                "--room", "restart", "--name", name, "--video", "320x240@15", "--join-timeout", "60",
                "--duration", String.valueOf(seconds), "--report", report.toString()));
        command.addAll(List.of(extra));
        command.addAll(List.of(role));
        return command.toArray(String[]::new);
    }

    private ChildProcess start(String label, List<String> command) {
        ChildProcess child = ChildProcess.start(label, command);
        children.add(child);
        return child;
    }
}
