package dev.callwire.benchmarks.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The server benchmark's load generator, in its own JVM: opens N WebSocket connections (2 per room) to
 * the raw endpoint ({@code ws}) or to socket.io ({@code sio}, engine.io v4 / socket.io v4 framing written
 * here directly on the JDK's WebSocket client so that both endpoints are driven by the same client code), joins
 * with the signaling protocol ({@code join}, {@code welcome}, {@code peer-joined}) and sends {@code offer}
 * envelopes to the room partner carrying their send time ({@code sdp = "ts=<nanos>;p=<phase>"}). The same
 * client drives the Callwire server and the node baseline.
 *
 * <p>{@code java -cp benchmarks.jar dev.callwire.benchmarks.server.LoadGenerator PORT[,PORT2] ws|sio CONNECTIONS
 * load WARMUP_S FIXED_S FIXED_RATE SATURATE_S WINDOW} or {@code ... PORT ws|sio CONNECTIONS idle}.
 *
 * <p>{@code load}: phases after {@code go} on stdin: warm-up (WARMUP_S at the fixed rate, then WARMUP_S saturated,
 * as below); fixed rate (open loop, latency at
 * a load the server should sustain); saturation (closed loop: every connection keeps WINDOW messages in flight
 * to its partner, each received message is answered at once, so throughput is what the server can relay).
 * Prints {@code READY ...}, then one {@code RESULT ...} line per measured phase, then waits for {@code quit}.
 * {@code idle}: connects and joins, prints {@code READY ...}, and holds the connections until {@code quit}.
 *
 * <p>Two ports are two instances of a cluster ({@link ClusterBenchmark}): each holds half the connections, and
 * the first half of the rooms is split (one partner on each instance), so their messages cross Redis.
 */
public final class LoadGenerator {

    static final int SETUP = 0;
    static final int WARMUP = 1;
    static final int FIXED = 2;
    static final int SATURATE = 3;
    static final int DONE = 4;
    /** The warm-up's closed-loop half: the saturated phase's code paths are compiled before anything is counted. */
    static final int WARMUP_SATURATE = 5;

    static volatile int phase = SETUP;
    static final LongAdder[] delivered = adders(WARMUP_SATURATE + 1);
    static final LongAdder[] sent = adders(WARMUP_SATURATE + 1);
    static final AtomicInteger errors = new AtomicInteger();
    static final ObjectMapper JSON = new ObjectMapper();
    static final BufferedReader IN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    static boolean socketIo;

    private LoadGenerator() {
    }


    static void error(String what) {
        if (phase == DONE) {
            return; // sends racing the final close
        }
        if (errors.incrementAndGet() <= 5) {
            System.err.println("loadgen: " + what);
        }
    }

    public static void main(String[] args) throws Exception {
        int[] ports = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        socketIo = args[1].equals("sio");
        int connections = Integer.parseInt(args[2]);
        boolean idle = args[3].equals("idle");

        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "loadgen");
            t.setDaemon(true);
            return t;
        });
        HttpClient client = HttpClient.newBuilder().executor(executor).build();
        Semaphore handshakes = new Semaphore(64);
        LoadConnection[] conns = new LoadConnection[connections];
        long setupStart = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            String room = "room" + (i / 2);
            LoadConnection conn = new LoadConnection(i, room, handshakes);
            conns[i] = conn;
            String base = "ws://127.0.0.1:" + ports[instance(i, connections, ports.length)];
            String url = socketIo ? base + "/socket.io/?EIO=4&transport=websocket" : base + "/ws";
            if (!handshakes.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handshakes stalled at connection " + i);
            }
            client.newWebSocketBuilder().buildAsync(URI.create(url), conn).whenComplete((w, e) -> {
                if (e != null) {
                    handshakes.release();
                    error("connection " + conn.index + " failed: " + e);
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + connections / 500);
        while (Arrays.stream(conns).anyMatch(c -> !c.ready) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long readyCount = Arrays.stream(conns).filter(c -> c.ready).count();
        System.out.printf(Locale.ROOT, "READY connections=%d ready=%d setupMillis=%.0f errors=%d%n", connections,
                readyCount, (System.nanoTime() - setupStart) / 1e6, errors.get());
        System.out.flush();
        if (idle) {
            awaitQuit(conns);
            return;
        }
        int warmupSeconds = Integer.parseInt(args[4]);
        int fixedSeconds = Integer.parseInt(args[5]);
        int fixedRate = Integer.parseInt(args[6]);
        int saturateSeconds = Integer.parseInt(args[7]);
        int window = Integer.parseInt(args[8]);

        String line;
        while ((line = IN.readLine()) != null && !line.equals("go")) {
            // wait
        }

        Arrays.stream(conns).forEach(LoadConnection::heartbeat);
        fixedRate(conns, WARMUP, fixedRate, warmupSeconds);
        drain(WARMUP, 3);
        // Both halves of the warm-up: with only the fixed rate warmed, the JIT compiled the saturated phase's paths
        // (full socket buffers, queued frames) while that phase was measured, a few per cent of its CPU.
        phase = WARMUP_SATURATE;
        Arrays.stream(conns).forEach(LoadConnection::heartbeat);
        saturate(conns, WARMUP_SATURATE, window);
        Thread.sleep(warmupSeconds * 1000L);
        phase = WARMUP; // stops the loop; arrivals of the burst are still counted
        awaitArrivals(WARMUP_SATURATE, 5);
        Thread.sleep(300);
        System.out.println("PHASE fixed"); // server CPU is counted from here: warm-up (JIT, pools) excluded
        System.out.flush();
        double fixedMillis = fixedRate(conns, FIXED, fixedRate, fixedSeconds);
        drain(FIXED, 5);
        report("fixed", conns, FIXED, fixedMillis);
        if (LatencyTrace.enabled()) {
            System.out.println("TRACE " + LatencyTrace.write());
        }
        Thread.sleep(300);

        phase = SATURATE;
        long start = System.nanoTime();
        saturate(conns, SATURATE, window);
        Thread.sleep(saturateSeconds * 1000L);
        phase = DONE;
        double saturateMillis = (System.nanoTime() - start) / 1e6;
        Thread.sleep(500);
        report("saturate", conns, SATURATE, saturateMillis);
        System.out.println("END errors=" + errors.get() + " delivered=" + (delivered[FIXED].sum()
                + delivered[SATURATE].sum()));
        System.out.flush();

        awaitQuit(conns);
    }

    /** Which instance connection {@code i} uses: rooms of the first half split, the others on one instance each. */
    static int instance(int i, int connections, int instances) {
        if (instances == 1) {
            return 0;
        }
        int room = i / 2;
        return room < connections / 4 ? i % 2 : room % 2;
    }

    /** Waits for {@code quit} (or the end of input), closes every connection and exits. */
    static void awaitQuit(LoadConnection[] conns) throws Exception {
        phase = DONE;
        String line;
        while ((line = IN.readLine()) != null && !line.equals("quit")) {
            // wait
        }
        for (LoadConnection conn : conns) {
            if (conn.ws != null) {
                conn.ws.sendClose(1000, "");
            }
        }
        Thread.sleep(300);
        System.exit(0);
    }

    /** Sends {@code rate} messages/s in total, round robin over the connections, for {@code seconds}. */
    static double fixedRate(LoadConnection[] conns, int p, int rate, int seconds) {
        phase = p;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long count = 0;
        int next = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            long target = (long) (rate * ((now - start) / 1e9));
            while (count < target) {
                conns[next].sendOffer(p);
                next = (next + 1) % conns.length;
                count++;
            }
            LockSupport.parkNanos(200_000);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Starts the closed loop of phase {@code p}: {@code window} messages in flight per connection. */
    static void saturate(LoadConnection[] conns, int p, int window) {
        for (int w = 0; w < window; w++) {
            for (LoadConnection conn : conns) {
                conn.sendOffer(p);
            }
        }
    }

    /** Waits until every message of phase {@code p} arrived, whatever the current phase, at most {@code seconds}. */
    static void awaitArrivals(int p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (delivered[p].sum() < sent[p].sum() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        Arrays.setAll(adders, i -> new LongAdder());
        return adders;
    }

    /** Waits until every message of phase {@code p} arrived, at most {@code seconds}. Counts late ones too. */
    static void drain(int p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        phase = p; // keep counting arrivals of this phase
        while (delivered[p].sum() < sent[p].sum() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static void report(String name, LoadConnection[] conns, int p, double millis) {
        long[] all = Arrays.stream(conns).map(c -> c.latencies(p)).flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        long deliveredCount = delivered[p].sum();
        System.out.printf(Locale.ROOT,
                "RESULT phase=%s sent=%d delivered=%d seconds=%.2f msgsPerSec=%.0f p50us=%.0f p99us=%.0f maxus=%.0f%n",
                name, sent[p].sum(), deliveredCount, millis / 1000, deliveredCount / (millis / 1000),
                pct(all, 0.50) / 1e3, pct(all, 0.99) / 1e3, all.length == 0 ? 0 : all[all.length - 1] / 1e3);
        System.out.flush();
    }

    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
