package dev.callwire.webrtc.internal.room;

import dev.callwire.IceServer;
import dev.callwire.IceServerPolicy;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ICE servers of a {@code welcome}, as far as the client's {@link IceServerPolicy} lets them through. */
final class ServerIceServers {

    private static final Logger LOG = LoggerFactory.getLogger(ServerIceServers.class);

    private ServerIceServers() {
    }

    /** The servers to use; what the policy drops is logged once (URLs only, never credentials). */
    static List<IceServer> admit(String roomName, IceServerPolicy policy, List<IceServer> provided) {
        List<IceServer> kept = policy.select(provided);
        List<String> dropped = provided.stream().flatMap(s -> s.urls().stream()).filter(u -> !policy.allows(u))
                .toList();
        if (!dropped.isEmpty()) {
            LOG.warn("Room {}: not using {} of the server's ICE URLs under {}: {}", roomName, dropped.size(), policy,
                    dropped);
        }
        return kept;
    }
}
