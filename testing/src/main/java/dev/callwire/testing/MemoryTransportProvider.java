package dev.callwire.testing;

import dev.callwire.TransportOptions;
import dev.callwire.spi.SignalingTransport;
import dev.callwire.spi.SignalingTransportProvider;
import java.net.URI;
import java.util.Set;

/** Scheme {@code mem:NAME}: a {@link MemoryHub} in this JVM. */
public final class MemoryTransportProvider implements SignalingTransportProvider {

    @Override
    public String name() {
        return "in-memory hub (tests)";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    @Override
    public SignalingTransport create(URI uri, TransportOptions options) {
        return new MemoryTransport(MemoryHub.named(uri.getSchemeSpecificPart()));
    }
}
