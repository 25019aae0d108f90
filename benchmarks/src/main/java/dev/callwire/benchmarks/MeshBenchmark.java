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
 * {@code java -jar benchmarks.jar mesh [peers=4] [steadySeconds=10] [repeats=5]}: the two are run {@code repeats}
 * times, interleaved, and reported as median and range.
 */
public final class MeshBenchmark {

    private MeshBenchmark() {
    }

    record Result(int peers, double setupMillis, double cpuPercentPerPeer) {
    }

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int steadySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Result> baselines = new ArrayList<>();
        List<Result> meshes = new ArrayList<>();
        for (int i = 0; i < repeats; i++) { // interleaved, alternating which goes first
            boolean meshFirst = i % 2 == 1;
            Result first = run(meshFirst ? peers : 2, steadySeconds);
            Result second = run(meshFirst ? 2 : peers, steadySeconds);
            (meshFirst ? meshes : baselines).add(first);
            (meshFirst ? baselines : meshes).add(second);
            System.out.printf(Locale.ROOT, "  run %d: mesh %.0f ms, %.1f%% per peer | 2 peers %.0f ms, %.1f%%%n", i + 1,
                    meshes.get(i).setupMillis(), meshes.get(i).cpuPercentPerPeer(), baselines.get(i).setupMillis(),
                    baselines.get(i).cpuPercentPerPeer());
        }
        double[] meshSetup = meshes.stream().mapToDouble(Result::setupMillis).sorted().toArray();
        double[] baseSetup = baselines.stream().mapToDouble(Result::setupMillis).sorted().toArray();
        double[] meshCpu = meshes.stream().mapToDouble(Result::cpuPercentPerPeer).sorted().toArray();
        double[] baseCpu = baselines.stream().mapToDouble(Result::cpuPercentPerPeer).sorted().toArray();
        System.out.printf(Locale.ROOT,
                "SUMMARY mesh %d peers, %d runs (median [min-max]): all %d pairs decoding after %.0f ms [%.0f-%.0f] "
                        + "(2 peers: %.0f ms [%.0f-%.0f], ratio %.2f); CPU %.1f%% of a core per peer [%.1f-%.1f] "
                        + "(2 peers: %.1f%% [%.1f-%.1f], ratio %.2f); video %dx%d@15%n",
                peers, repeats, peers * (peers - 1) / 2, median(meshSetup), meshSetup[0], meshSetup[repeats - 1],
                median(baseSetup), baseSetup[0], baseSetup[repeats - 1], median(meshSetup) / median(baseSetup),
                median(meshCpu), meshCpu[0], meshCpu[repeats - 1], median(baseCpu), baseCpu[0], baseCpu[repeats - 1],
                median(meshCpu) / median(baseCpu), TestClients.WIDTH, TestClients.HEIGHT);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
