package dev.callwire.samples.bot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.callwire.CallClient;
import dev.callwire.ClientConfig;
import dev.callwire.CallTimeouts;
import dev.callwire.IceOptions;
import dev.callwire.IceRestartPolicy;
import dev.callwire.IceServer;
import dev.callwire.IceTransportPolicy;
import dev.callwire.Room;
import dev.callwire.media.AudioInput;
import dev.callwire.media.MediaOptions;
import dev.callwire.media.VideoInput;
import dev.callwire.protocol.Names;
import dev.callwire.spi.support.Redactor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar call-bot.jar}: a headless peer for bots, load tests and interop checks. It joins a room,
 * calls ({@code --call}) and/or answers ({@code --answer}) with a moving test pattern and a tone, stays for
 * {@code --duration} seconds, hangs up, and tells whether every call connected and decoded remote video.
 *
 * <p>Exit codes: 0 every call it made or answered connected and decoded remote video (and there was at least
 * one); 1 some call did not, or no call happened; 2 bad arguments or the signaling server could not be
 * reached (a one-line message on stderr, no stack trace).
 */
@Command(name = "call-bot", mixinStandardHelpOptions = true, version = "Callwire call bot 0.1.0", sortOptions = false,
        description = {"Joins a room, calls and/or answers with a test pattern and a tone, stays, hangs up, and "
                + "exits 0 only if every call connected and decoded remote video.",
                "Exit codes: 0 pass, 1 a call failed or none happened, 2 bad arguments or no signaling."})
public final class CallBot implements Callable<Integer> {

    static final int PASS = 0;
    static final int FAIL = 1;
    static final int USAGE = 2;

    @Option(names = "--signaling", required = true, paramLabel = "URI", split = ",",
            description = "Signaling server or broker: ws://host:8080/ws, socketio+http://host:8080, mqtt://host:1883; "
                    + "several instances of a signaling cluster comma-separated (moves to the next when one is lost).")
    List<URI> signalingUris;
    /** The first of {@link #signalingUris}, for messages. */
    URI signaling;

    @Option(names = "--room", required = true, paramLabel = "ROOM", description = "Room to join.")
    String room;

    @Option(names = "--name", paramLabel = "NAME", description = "Display name others see.")
    String name;

    @Option(names = "--call", paramLabel = "first|all|PEER_ID",
            description = "Whom to call: 'first' = the first peer present or the first to join, 'all' = everyone "
                    + "present (a mesh; waits for the first peer if the room is empty), or a peer id.")
    String call;

    @Option(names = "--answer", description = "Accept incoming calls (without it they are declined).")
    boolean answer;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to stay in the room (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--until-calls-end",
            description = "Leave as soon as every call made or answered has ended, before --duration is over.")
    boolean untilCallsEnd;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report of every call to FILE.")
    Path report;

    @Option(names = "--ice-server", paramLabel = "URL[,user,credential]", converter = IceServerConverter.class,
            description = "STUN or TURN server (repeatable), e.g. stun:stun.example.com:3478 or "
                    + "turn:turn.example.com:3478,user,secret.")
    List<IceServer> iceServers = new ArrayList<>();

    @Option(names = "--relay-only", description = "Use only TURN relay candidates (needs a TURN server).")
    boolean relayOnly;

    @Option(names = "--video", paramLabel = "WxH@FPS", defaultValue = "320x240@15", converter = VideoSpecConverter.class,
            description = "Size and rate of the outgoing test pattern (default: ${DEFAULT-VALUE}).")
    VideoSpec video;

    @Option(names = "--ice-restart-attempts", paramLabel = "N", defaultValue = "3",
            description = "ICE restarts a call may make to recover its media path; 0 = off (default: ${DEFAULT-VALUE}).")
    int iceRestartAttempts;

    @Option(names = "--ice-restart-window", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long one recovery may take before the call ends FAILED (default: ${DEFAULT-VALUE}).")
    int iceRestartWindow;

    @Option(names = "--join-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long joining may take before giving up (default: ${DEFAULT-VALUE}).")
    int joinTimeout;

    private final PrintStream out;

    CallBot(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the bot in this JVM (tests and embedders use this instead of {@link #main}).
     *
     * @return the exit code: {@link #PASS}, {@link #FAIL} or {@link #USAGE}
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new CallBot(out));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("call-bot: " + e.getMessage() + " (see --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof SetupFailed) {
                err.println("call-bot: " + e.getMessage());
                return USAGE;
            }
            err.println("call-bot: unexpected error: " + describe(e));
            return FAIL;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        ClientConfig config = config();
        CallClient client;
        try {
            client = CallClient.create(config);
        } catch (RuntimeException e) {
            throw new SetupFailed("cannot start the call engine: " + describe(e));
        }
        try {
            BotSession session = new BotSession(out, call, answer, untilCallsEnd);
            Room joined = join(client, session);
            out.printf("joined room %s at %s as %s; %d peer(s) present%n", joined.name(), Redactor.redact(signaling),
                    joined.selfId(), joined.peers().size());
            session.start(joined);
            session.stayFor(Duration.ofSeconds(duration));
            List<BotReport.Call> calls = session.finish();
            boolean passed = !calls.isEmpty() && calls.stream().allMatch(BotReport.Call::passed);
            writeReport(new BotReport(room, joined.selfId(), name, Redactor.redact(signaling), video.toString(), duration,
                    passed, calls));
            if (passed) {
                out.printf("RESULT: PASS %d call(s) connected and decoded remote video%n", calls.size());
                return PASS;
            }
            out.println("RESULT: FAIL " + (calls.isEmpty()
                    ? "no call was made or answered" + (call == null && !answer ? "" : " within " + duration + " s")
                    : calls.stream().filter(c -> !c.passed()).count() + " of " + calls.size()
                            + " call(s) did not connect or decode remote video"));
            return FAIL;
        } finally {
            client.close();
        }
    }

    private void validate() {
        CommandLine cmd = new CommandLine(this);
        if (call == null && !answer) {
            throw new CommandLine.ParameterException(cmd, "nothing to do: give --call first|all|PEER_ID and/or --answer");
        }
        if (call != null && !call.equals("first") && !call.equals("all") && !Names.isValid(call)) {
            throw new CommandLine.ParameterException(cmd, "--call takes first, all or a peer id ([A-Za-z0-9._-]{1,64}), "
                    + "got '" + call + "'");
        }
        if (!Names.isValid(room)) {
            throw new CommandLine.ParameterException(cmd, "--room must match [A-Za-z0-9._-]{1,64}, got '" + room + "'");
        }
        if (duration < 1 || duration > 86_400) {
            throw new CommandLine.ParameterException(cmd, "--duration must be between 1 and 86400 seconds, got " + duration);
        }
        if (joinTimeout < 1 || joinTimeout > 600) {
            throw new CommandLine.ParameterException(cmd, "--join-timeout must be between 1 and 600 seconds, got "
                    + joinTimeout);
        }
        if (iceRestartAttempts < 0 || iceRestartAttempts > 20) {
            throw new CommandLine.ParameterException(cmd, "--ice-restart-attempts must be between 0 and 20, got "
                    + iceRestartAttempts);
        }
        if (iceRestartWindow < 1 || iceRestartWindow > 3600) {
            throw new CommandLine.ParameterException(cmd, "--ice-restart-window must be between 1 and 3600 seconds, got "
                    + iceRestartWindow);
        }
        for (URI uri : signalingUris) {
            if (uri.getScheme() == null) {
                throw new CommandLine.ParameterException(cmd, "--signaling needs a scheme, e.g. ws://127.0.0.1:8080/ws; "
                        + "got '" + uri + "'");
            }
        }
        signaling = signalingUris.get(0);
        if (report != null && report.getParent() != null && !Files.isDirectory(report.getParent())) {
            throw new CommandLine.ParameterException(cmd, "--report: directory " + report.getParent() + " does not exist");
        }
    }

    private ClientConfig config() {
        try {
            return ClientConfig.builder(signaling)
                    .signalingUris(signalingUris)
                    .displayName(name)
                    .ice(IceOptions.builder()
                            .servers(iceServers)
                            .transportPolicy(relayOnly ? IceTransportPolicy.RELAY : IceTransportPolicy.ALL)
                            .restartPolicy(IceRestartPolicy.builder()
                                    .maxAttempts(iceRestartAttempts)
                                    .window(Duration.ofSeconds(iceRestartWindow))
                                    .initialBackoff(Duration.ofMillis(Math.min(5_000, iceRestartWindow * 1000L / 3)))
                                    .build())
                            .build())
                    .headlessAudio(true)
                    .timeouts(CallTimeouts.defaults().withJoin(Duration.ofSeconds(joinTimeout)))
                    .media(MediaOptions.builder()
                            .video(VideoInput.testPattern())
                            .audio(AudioInput.tone(440))
                            .resolution(video.width(), video.height())
                            .frameRate(video.fps())
                            .build())
                    .build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    private Room join(CallClient client, BotSession session) throws InterruptedException {
        try {
            return client.join(room, session).toCompletableFuture().get(joinTimeout + 5L, TimeUnit.SECONDS);
        } catch (ExecutionException | RuntimeException e) {
            throw new SetupFailed("cannot join room '" + room + "' at " + Redactor.redact(signaling) + " (is the signaling "
                    + "server running and reachable?): " + describe(e));
        } catch (TimeoutException e) {
            throw new SetupFailed("cannot join room '" + room + "' at " + Redactor.redact(signaling) + ": no answer within "
                    + (joinTimeout + 5) + " s");
        }
    }

    private void writeReport(BotReport data) {
        if (report == null) {
            return;
        }
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), data);
            out.println("report written to " + report);
        } catch (IOException e) {
            throw new SetupFailed("cannot write the report " + report + ": " + e.getMessage());
        }
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Setting up failed in a way the user can fix (exit code 2, one line). */
    static final class SetupFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SetupFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** picocli converter for {@code --video}. */
    static final class VideoSpecConverter implements CommandLine.ITypeConverter<VideoSpec> {
        @Override
        public VideoSpec convert(String value) {
            try {
                return VideoSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** picocli converter for {@code --ice-server URL[,user,credential]}. */
    static final class IceServerConverter implements CommandLine.ITypeConverter<IceServer> {
        @Override
        public IceServer convert(String value) {
            String[] parts = value.split(",", 3);
            try {
                if (parts.length == 1) {
                    return new IceServer(List.of(parts[0].trim()), null, null);
                }
                if (parts.length == 3) {
                    return new IceServer(List.of(parts[0].trim()), parts[1], parts[2]);
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
            throw new CommandLine.TypeConversionException("expected URL or URL,USER,CREDENTIAL, got '"
                    + parts[0] + ",...'");
        }
    }
}
