package dev.callwire.benchmarks.setup;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's set-up timeline of each outgoing call of this process ({@code SetupTimeline} logs it at DEBUG to
 * stderr when the first frame is decoded), read back by call id: the Java side's offer, answer, ICE and DTLS
 * times come from the engine's own events, as the browser side's come from its connection's events. Every other
 * line written to stderr goes through.
 */
final class SetupTimelines extends OutputStream {

    /** offer sent, answer received, ICE connected, DTLS connected, first frame decoded: ms from the call's start. */
    static final Pattern LINE = Pattern.compile("call=([0-9a-fA-F-]+), OUTGOING]: set-up: offer sent (\\S+) ms, "
            + "answer received (\\S+) ms, ICE connected (\\S+) ms, DTLS connected (\\S+) ms, first frame decoded "
            + "(\\S+) ms");

    private final PrintStream original;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Map<String, CompletableFuture<double[]>> byCall = new ConcurrentHashMap<>();

    private SetupTimelines(PrintStream original) {
        this.original = original;
    }

    /** Puts itself between the process's stderr and whoever writes to it (SLF4J's simple logger looks it up). */
    static SetupTimelines install() {
        SetupTimelines timelines = new SetupTimelines(System.err);
        System.setErr(new PrintStream(timelines, true, StandardCharsets.UTF_8));
        return timelines;
    }

    /** The timeline of the outgoing call with this id, once logged: 5 values, NaN where a step was not seen. */
    CompletableFuture<double[]> of(String callId) {
        return byCall.computeIfAbsent(callId, id -> new CompletableFuture<>());
    }

    /** Drops what is known of a call. */
    void forget(String callId) {
        byCall.remove(callId);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            forwardLine();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() {
        if (line.size() > 0) { // a partial line someone flushed: pass it on as it is
            original.write(line.toByteArray(), 0, line.size());
            line.reset();
        }
        original.flush();
    }

    /** A timeline line is read here and not repeated (one per call and side); any other line goes through. */
    private void forwardLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.contains("SetupTimeline")) {
            parse(text);
        } else {
            original.write(line.toByteArray(), 0, line.size());
        }
        line.reset();
    }

    private void parse(String text) {
        Matcher m = LINE.matcher(text);
        if (!m.find()) {
            return;
        }
        double[] times = new double[5];
        for (int i = 0; i < 5; i++) {
            String value = m.group(i + 2);
            times[i] = value.equals("-") ? Double.NaN : Double.parseDouble(value);
        }
        of(m.group(1)).complete(times);
    }
}
