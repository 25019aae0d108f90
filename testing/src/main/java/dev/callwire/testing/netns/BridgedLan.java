package dev.callwire.testing.netns;

import java.time.Duration;

/**
 * One Ethernet segment: a hub namespace whose bridge {@code br0} holds the hub's own address (where a signaling
 * server can listen), and peer namespaces each joined to the bridge by a veth pair ({@code eth0} inside the peer,
 * {@code p<n>} on the bridge). Addresses are IPv4 in one /24.
 *
 * <pre>
 *   peer ns  eth0 A.B.C.x/24 ──veth── p1 ┐
 *                                        br0 A.B.C.1/24  hub ns
 *   peer ns  eth0 A.B.C.y/24 ──veth── p2 ┘
 * </pre>
 */
public final class BridgedLan {

    private final NetworkNamespaces net;
    private final String hub;
    private final String prefix;
    private final String hubIp;
    private int ports;

    /**
     * Creates the hub namespace and its bridge.
     *
     * @param net       where namespaces are made (and later deleted)
     * @param hubPrefix name prefix of the hub namespace, e.g. {@code "cw-rs-"}
     * @param subnet    the first three octets, e.g. {@code "10.232.0"}; the hub is {@code .1}
     */
    public BridgedLan(NetworkNamespaces net, String hubPrefix, String subnet) {
        this.net = net;
        this.prefix = subnet;
        this.hubIp = subnet + ".1";
        this.hub = net.add(hubPrefix);
        net.ipIn(hub, "link", "add", "br0", "type", "bridge");
        net.ipIn(hub, "link", "set", "br0", "up");
        net.address(hub, "br0", hubIp + "/24");
    }

    /** The hub namespace. */
    public String hub() {
        return hub;
    }

    /** The hub's address on the bridge. */
    public String hubIp() {
        return hubIp;
    }

    /** {@code subnet.host}. */
    public String ip(int host) {
        return prefix + "." + host;
    }

    /** A new namespace on the bridge with address {@code subnet.host} and the hub as default gateway. */
    public synchronized Peer join(String namePrefix, int host) {
        String ns = net.add(namePrefix);
        String port = "p" + (++ports);
        net.link(hub, port, ns, "eth0");
        net.ipIn(hub, "link", "set", port, "master", "br0");
        net.address(ns, "eth0", ip(host) + "/24");
        net.defaultRoute(ns, hubIp);
        return new Peer(ns, port);
    }

    /**
     * Replaces {@code peer}'s address by {@code subnet.newHost} in one shell process, so that the old one is gone and
     * the new one there within milliseconds, as with a DHCP renumbering (separate commands can be seconds apart on a
     * loaded machine). Deleting the address also deletes the default route, which is added back.
     */
    public void renumber(Peer peer, int oldHost, int newHost) {
        String ip = net.ip().toString();
        NetworkNamespaces.Result moved = net.exec(peer.ns(), Duration.ofSeconds(10), "sh", "-c",
                ip + " addr del " + ip(oldHost) + "/24 dev eth0 && " + ip + " addr add " + ip(newHost)
                        + "/24 dev eth0 && " + ip + " route add default via " + hubIp);
        if (moved.exitCode() != 0) {
            throw new IllegalStateException("moving " + peer.ns() + " from " + ip(oldHost) + " to " + ip(newHost)
                    + " failed: " + moved);
        }
    }

    /** Sets {@code peer}'s bridge port down or up (the cable pulled or plugged back). */
    public void link(Peer peer, boolean up) {
        net.ipIn(hub, "link", "set", peer.port(), up ? "up" : "down");
    }

    /** A namespace on the bridge and its port there. */
    public record Peer(String ns, String port) {
    }
}
