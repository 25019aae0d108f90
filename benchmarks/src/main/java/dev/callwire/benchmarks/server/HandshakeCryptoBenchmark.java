package dev.callwire.benchmarks.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code crypto [forks]}: the two hashes the signaling server computes for every new connection, each with a provider
 * lookup per use against a clone of one initialised instance, in one JMH run: the resume key of a {@code welcome}
 * (HMAC-SHA256; the server's {@code Hmac}, used for resume keys and TURN credentials, clones since this benchmark
 * halved its time) and the
 * {@code Sec-WebSocket-Accept} of an upgrade (SHA-1, {@code WebSocketUpgrades}, which looks up: the same time
 * either way). Inputs of the server's shape.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandshakeCryptoBenchmark {

    private static final byte[] RESUME_INPUT = "callwire-resume-v1\nlobby\n6f1c2a0e-3b7d-4c55-9a1e-0d2f8b7c6a51\n1796097600"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACCEPT_KEY = "dGhlIHNhbXBsZSBub25jZQ==".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);

    private SecretKeySpec key;
    private Mac hmacPrototype;
    private MessageDigest sha1Prototype;

    @Setup
    public void setUp() throws Exception {
        key = new SecretKeySpec(new byte[32], "HmacSHA256");
        hmacPrototype = Mac.getInstance("HmacSHA256");
        hmacPrototype.init(key);
        sha1Prototype = MessageDigest.getInstance("SHA-1");
    }

    @Benchmark
    public byte[] resumeKeyLookedUp() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return mac.doFinal(RESUME_INPUT);
    }

    @Benchmark
    public byte[] resumeKeyCloned() throws Exception {
        return ((Mac) hmacPrototype.clone()).doFinal(RESUME_INPUT);
    }

    @Benchmark
    public byte[] acceptLookedUp() throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(ACCEPT_KEY);
        sha1.update(ACCEPT_GUID);
        return sha1.digest();
    }

    @Benchmark
    public byte[] acceptCloned() throws Exception {
        MessageDigest sha1 = (MessageDigest) sha1Prototype.clone();
        sha1.update(ACCEPT_KEY);
        sha1.update(ACCEPT_GUID);
        return sha1.digest();
    }

    public static void main(String[] args) throws Exception {
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(HandshakeCryptoBenchmark.class.getName())
                .forks(forks)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .build()).run();
        Map<String, double[]> byName = new TreeMap<>();
        for (RunResult run : results) {
            byName.put(run.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    new double[] {run.getPrimaryResult().getScore(), run.getPrimaryResult().getScoreError()});
        }
        for (String hash : new String[] {"resumeKey", "accept"}) {
            double[] before = byName.get(hash + "LookedUp");
            double[] now = byName.get(hash + "Cloned");
            System.out.printf(Locale.ROOT, "SUMMARY crypto %-9s looked up per use %7.0f ns (±%.0f) | cloned %7.0f ns (±%.0f)"
                    + " | %.2fx the time%n", hash, before[0], before[1], now[0], now[1], now[0] / before[0]);
        }
    }
}
