package dev.callwire.benchmarks;

import dev.callwire.CallClient;
import dev.callwire.CallSession;
import dev.callwire.Room;
import dev.callwire.testing.CallRecorderAdapter;
import dev.callwire.testing.FrameProbe;
import dev.callwire.testing.TestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;

/**
 * Time until N peers are in a full mesh with every pair decoding, and CPU per peer while it runs.
 * Baseline, in the same run: a 2-peer call (one pair) measured the same way.
 * {@code java -jar benchmarks.jar mesh [peers=4] [steadySeconds=10]}
 */
public final class MeshBenchmark {

    private MeshBenchmark() {
    }

    record Result(int peers, double setupMillis, double cpuPercentPerPeer) {
    }

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int steadySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Result baseline = run(2, steadySeconds);
        Result mesh = run(peers, steadySeconds);
        System.out.printf(Locale.ROOT,
                "SUMMARY mesh %d peers: all %d pairs decoding after %.0f ms (baseline 2 peers: %.0f ms, ratio %.2f); "
                        + "CPU %.1f%% of a core per peer (baseline %.1f%%, ratio %.2f); video %dx%d@15%n",
                peers, peers * (peers - 1) / 2, mesh.setupMillis(), baseline.setupMillis(),
                mesh.setupMillis() / baseline.setupMillis(), mesh.cpuPercentPerPeer(), baseline.cpuPercentPerPeer(),
                mesh.cpuPercentPerPeer() / baseline.cpuPercentPerPeer(), TestClients.WIDTH, TestClients.HEIGHT);
    }

    static Result run(int peers, int steadySeconds) throws Exception {
        Map<String, FrameProbe> probes = new ConcurrentHashMap<>();
        try (TestClients clients = new TestClients()) {
            List<CallClient> members = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                members.add(clients.client("peer" + i));
            }
            List<Room> rooms = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                String name = "peer" + i;
                rooms.add(TestClients.join(members.get(i), "mesh", new CallRecorderAdapter(call -> {
                    watch(probes, name, call);
                    call.accept();
                })));
            }
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> rooms.stream().allMatch(r -> r.peers().size() == peers - 1));

            long start = System.nanoTime();
            // Every peer calls those that joined before it: each pair gets exactly one call.
            for (int i = 1; i < peers; i++) {
                for (int j = 0; j < i; j++) {
                    watch(probes, "peer" + i, TestClients.call(rooms.get(i), rooms.get(j).selfId()));
                }
            }
            int ends = peers * (peers - 1);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> probes.size() == ends && probes.values().stream().allMatch(p -> p.frames() > 0));
            double setupMillis = (System.nanoTime() - start) / 1e6;

            long cpuStart = ProcessStats.cpuNanos();
            long wallStart = System.nanoTime();
            Awaitility.await().pollDelay(Duration.ofSeconds(steadySeconds)).atMost(Duration.ofSeconds(steadySeconds + 5))
                    .until(() -> true);
            double cpuPercent = 100.0 * (ProcessStats.cpuNanos() - cpuStart) / (System.nanoTime() - wallStart);
            return new Result(peers, setupMillis, cpuPercent / peers);
        }
    }

    private static void watch(Map<String, FrameProbe> probes, String viewer, CallSession call) {
        FrameProbe probe = new FrameProbe();
        call.remoteVideo().addRenderer(probe);
        probes.put(viewer + "<-" + call.peer().id(), probe);
    }
}
