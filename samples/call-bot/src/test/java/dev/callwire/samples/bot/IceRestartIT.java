package dev.callwire.samples.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callwire.testing.BotOutput;
import dev.callwire.testing.netns.BridgedLan;
import dev.callwire.testing.netns.ChildProcess;
import dev.callwire.testing.netns.HostTools;
import dev.callwire.testing.netns.NamespaceLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls that survive network changes, between two call bots in their own network namespaces joined by a bridge in a
 * third one, which also runs the signaling server:
 *
 * <pre>
 *   cw-ra-*  eth0 10.232.0.11/24 ──veth── p1 ┐
 *   answerer bot                              br0 10.232.0.1/24  cw-rs-*  signaling :8080
 *   cw-rb-*  eth0 10.232.0.12/24 ──veth── p2 ┘
 *   caller bot
 * </pre>
 *
 * Host candidates only (no STUN/TURN), so the media path is the bridge. The answerer's side is what changes: its
 * address is replaced, or its bridge port goes down. Needs root and iproute2; fails (never skips) naming what is
 * missing. Build the jars in the same reactor: {@code -pl signaling-server,samples/call-bot -am}.
 */
class IceRestartIT {

    private static final String SUBNET = "10.232.0";
    private static final int A_HOST = 11;
    private static final int A_NEW_HOST = 21;
    private static final int SIGNALING_PORT = 8080;

    private NamespaceLab lab;
    private BridgedLan lan;
    private BridgedLan.Peer a;
    private BridgedLan.Peer b;
    private ChildProcess signaling;

    @BeforeEach
    void network() {
        HostTools tools = HostTools.require("IceRestartIT");
        Jars.require();
        lab = new NamespaceLab(tools, Path.of("target", "ice-restart"));
        lan = new BridgedLan(lab.net(), "cw-rs-", SUBNET);
        a = lan.join("cw-ra-", A_HOST);
        b = lan.join("cw-rb-", 12);
        signaling = Jars.startSignaling(lab, lan.hub(), SIGNALING_PORT);
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
            System.out.println("IceRestartIT logs and reports: " + lab.outDir());
        }
    }

    @Test
    void anAddressChangeRestartsIceUnderTheSameCallIdAndFramesResumeWithinSeconds() throws Exception {
        Bots bots = startCall(180, 30);

        long changedAt = System.currentTimeMillis();
        lan.renumber(a, A_HOST, A_NEW_HOST);

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

        lan.link(a, false);
        awaitLine(bots.caller, "the caller saw the media path go", 15, l -> l.contains(": reconnecting ("), 1);
        long downAt = System.currentTimeMillis();
        awaitFor(Duration.ofSeconds(10), downAt);
        lan.link(a, true);

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

        lan.link(a, false);

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
        Path answererReport = lab.outDir().resolve("answerer.json");
        Path callerReport = lab.outDir().resolve("caller.json");
        ChildProcess answerer = lab.start("answerer", a.ns(), List.of(bot("answerer", answererReport, answererSeconds,
                extra, "--answer", "--until-calls-end")));
        answerer.awaitLine("joined", lines -> lines.stream().anyMatch(l -> l.startsWith("joined room")),
                Duration.ofSeconds(90)); // bots start slowly on a busy machine
        ChildProcess caller = lab.start("caller", b.ns(), List.of(bot("caller", callerReport, callerSeconds, extra,
                "--call", "first")));
        for (ChildProcess bot : List.of(answerer, caller)) {
            bot.awaitLine("video flowing", lines -> BotOutput.framesDecoded(lines) > 30, Duration.ofSeconds(90));
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
        List<String> command = new ArrayList<>(List.of(Jars.JAVA, "-Dorg.slf4j.simpleLogger.log.dev.callwire=info",
                "-jar", Jars.BOT_JAR.toString(), "--signaling", "ws://" + lan.hubIp() + ":" + SIGNALING_PORT + "/ws",
                "--room", "restart", "--name", name, "--video", "320x240@15", "--join-timeout", "60",
                "--duration", String.valueOf(seconds), "--report", report.toString()));
        command.addAll(List.of(extra));
        command.addAll(List.of(role));
        return command.toArray(String[]::new);
    }
}
