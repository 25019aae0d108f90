package dev.callwire.benchmarks.server;

import java.util.List;
import picocli.CommandLine.Option;

/** The load the server benchmarks drive through {@link LoadGenerator}: one set of options for both (a picocli mixin). */
final class LoadShape {

    @Option(names = "--connections", defaultValue = "1000", description = "connections of the load runs (2 per room)")
    int connections;
    @Option(names = "--rate", defaultValue = "5000", description = "messages/s of the warm-up and fixed phases")
    int rate;
    @Option(names = "--warmup", defaultValue = "3", description = "seconds of warm-up at the fixed rate, and as many saturated")
    int warmup;
    @Option(names = "--seconds", defaultValue = "10", description = "seconds of the fixed and of the saturation phase")
    int seconds;
    @Option(names = "--window", defaultValue = "2", description = "messages in flight per connection when saturating")
    int window;

    /** The generator's arguments after port, endpoint and connection count. */
    List<String> generatorArgs() {
        return List.of("load", String.valueOf(warmup), String.valueOf(seconds), String.valueOf(rate),
                String.valueOf(seconds), String.valueOf(window));
    }
}
