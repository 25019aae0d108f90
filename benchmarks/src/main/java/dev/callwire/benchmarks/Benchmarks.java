package dev.callwire.benchmarks;

import java.util.Arrays;

/** Entry point: {@code java -jar benchmarks/target/benchmarks.jar render|soak|mesh|server|cluster|setup|cold|restart|crypto}. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (which) {
            case "render" -> RenderReport.main(rest);
            case "soak" -> SoakBenchmark.main(rest);
            case "mesh" -> MeshBenchmark.main(rest);
            case "server" -> dev.callwire.benchmarks.server.ServerBenchmark.main(rest);
            case "cluster" -> dev.callwire.benchmarks.server.ClusterBenchmark.main(rest);
            case "setup" -> dev.callwire.benchmarks.setup.SetupBenchmark.main(rest);
            case "cold" -> dev.callwire.benchmarks.setup.ColdCallBenchmark.main(rest);
            case "restart" -> dev.callwire.benchmarks.restart.RestartBenchmark.main(rest);
            case "crypto" -> dev.callwire.benchmarks.server.HandshakeCryptoBenchmark.main(rest);
            default -> {
                System.err.println("usage: java -jar benchmarks.jar render|soak|mesh|server|cluster|setup|cold|restart|crypto");
                System.exit(2);
            }
        }
    }
}
