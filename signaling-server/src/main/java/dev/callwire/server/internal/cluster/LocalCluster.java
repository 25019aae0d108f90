package dev.callwire.server.internal.cluster;

import dev.callwire.protocol.PeerInfo;
import java.util.List;

/** A single instance: there are never remote members, and nothing needs telling. */
final class LocalCluster implements Cluster {

    static final LocalCluster INSTANCE = new LocalCluster();

    private LocalCluster() {
    }

    @Override
    public void start(ClusterInbound inbound) {
    }

    @Override
    public List<PeerInfo> remotePeers(String room) {
        return List.of();
    }

    @Override
    public int remoteCount(String room) {
        return 0;
    }

    @Override
    public Route route(String room, String peerId) {
        return null;
    }

    @Override
    public void joined(String room, String peerId, String name) {
    }

    @Override
    public void left(String room, String peerId) {
    }

    @Override
    public void close() {
    }
}
