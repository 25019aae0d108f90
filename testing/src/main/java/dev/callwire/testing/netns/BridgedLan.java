package dev.callwire.testing.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
     * Replaces {@code peer}'s address by {@code subnet.newHost}: one {@code ip -batch} run deletes the old address, adds
     * the new one and the default route again (deleting the address deleted it), so the change takes milliseconds, as
     * with a DHCP renumbering; separate commands can be seconds apart on a loaded machine.
     *
     * @return the wall-clock time ({@link System#currentTimeMillis()}) when the change was done: the process's exit,
     *         which follows the change within milliseconds, whereas its start can precede it by seconds under load
     */
    public long renumber(Peer peer, int oldHost, int newHost) {
        Path batch;
        try {
            batch = Files.createTempFile("callwire-renumber-", ".ip");
            Files.writeString(batch, "addr del " + ip(oldHost) + "/24 dev eth0\naddr add " + ip(newHost)
                    + "/24 dev eth0\nroute add default via " + hubIp + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write an ip batch file", e);
        }
        try {
            net.ipIn(peer.ns(), "-batch", batch.toString());
            return System.currentTimeMillis();
        } finally {
            try {
                Files.deleteIfExists(batch);
            } catch (IOException ignored) {
                // a temp file
            }
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
