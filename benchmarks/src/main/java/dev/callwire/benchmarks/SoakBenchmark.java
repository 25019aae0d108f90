package dev.callwire.benchmarks;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.EndReason;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorder;
import dev.callwire.testing.TestClients;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Many call/hang-up cycles between two clients in one JVM: does the process keep memory and threads?
 * Baseline: the same process after a warm-up of a few calls.
 * {@code java -jar benchmarks.jar soak [cycles=200]}
 */
public final class SoakBenchmark {

    private static final int WARM_UP = 5;

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (TestClients clients = new TestClients()) {
            CallClient alice = clients.client("alice");
            CallClient bob = clients.client("bob");
            Room aliceRoom = TestClients.join(alice, "soak", CallRecorder.passive());
            Room bobRoom = TestClients.joinAndMeet(bob, aliceRoom, CallRecorder.accepting());

            for (int i = 0; i < WARM_UP; i++) {
                cycle(aliceRoom, bobRoom.selfId());
            }
            System.gc();
            double rssBefore = ProcessStats.rssMiB() - heapCommittedMiB();
            int threadsBefore = ProcessStats.threads();
            int javaThreadsBefore = Thread.activeCount();
            long start = System.nanoTime();
            long slowest = 0;
            for (int i = 0; i < cycles; i++) {
                slowest = Math.max(slowest, cycle(aliceRoom, bobRoom.selfId()));
                if ((i + 1) % 50 == 0) {
                    System.out.printf(Locale.ROOT, "after %d calls: RSS %.1f MiB (Java heap committed %.1f MiB), "
                            + "threads %d%n", i + 1, ProcessStats.rssMiB(), heapCommittedMiB(), ProcessStats.threads());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.gc();
            double rssAfter = ProcessStats.rssMiB() - heapCommittedMiB();
            int threadsAfter = ProcessStats.threads();
            System.out.printf(Locale.ROOT,
                    "SUMMARY soak %d calls in %.1f s (%.0f ms each, slowest %.0f ms): RSS outside the Java heap %.1f -> %.1f MiB (%+.1f MiB, "
                            + "%.1f KiB/call; target < 20 MiB), threads %d -> %d (%+d), Java threads %d -> %d%n",
                    cycles, seconds, seconds * 1000 / cycles, slowest / 1e6, rssBefore, rssAfter, rssAfter - rssBefore,
                    (rssAfter - rssBefore) * 1024 / cycles, threadsBefore, threadsAfter, threadsAfter - threadsBefore,
                    javaThreadsBefore, Thread.activeCount());
        }
    }

    /** Java heap the JVM has committed: RSS minus this is native memory (libwebrtc, threads, code). */
    private static double heapCommittedMiB() {
        return Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
    }

    /** One call from connect to hang-up; returns its duration in ns. */
    private static long cycle(Room room, String peerId) throws Exception {
        long start = System.nanoTime();
        CallSession call = TestClients.call(room, peerId);
        call.connected().toCompletableFuture().get(20, TimeUnit.SECONDS);
        call.hangUp();
        EndReason reason = call.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (reason != EndReason.HANGUP) {
            throw new IllegalStateException("call ended with " + reason);
        }
        return System.nanoTime() - start;
    }
}
