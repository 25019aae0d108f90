package dev.callwire.server.internal;

import java.net.InetAddress;

/**
 * One {@link PerIpLimits} table for the whole server (every transport counts against the same per-address
 * cap), with a separate tier for loopback addresses: a reverse proxy on the same host, or a benchmark's load
 * generator, reaches the server from a loopback address on behalf of many clients, and operators size that
 * tier apart from the one for remote addresses. Thread-safe.
 */
public final class AddressLimits {

    private final PerIpLimits remote;
    private final PerIpLimits loopback;
    private final ConnectionLimits limits;

    AddressLimits(ConnectionLimits limits) {
        this.limits = limits;
        this.remote = new PerIpLimits(limits.maxConnectionsPerIp(), limits.connectsPerSecondPerIp(),
                limits.connectBurstPerIp());
        this.loopback = new PerIpLimits(limits.loopbackMaxConnections(), limits.loopbackConnectsPerSecond(),
                limits.loopbackConnectBurst());
    }

    private PerIpLimits tier(InetAddress address) {
        return address.isLoopbackAddress() ? loopback : remote;
    }

    /** Admits one more connection or session from {@code address}; only {@code ADMITTED} needs a {@link #release}. */
    public PerIpLimits.Verdict tryOpen(InetAddress address) {
        return tier(address).tryOpen(address);
    }

    /** One admitted connection from {@code address} ended. */
    public void release(InetAddress address) {
        tier(address).release(address);
    }

    /** Connections {@code address} holds now. */
    public int openCount(InetAddress address) {
        return tier(address).openCount(address);
    }

    /** Why {@code verdict} refused {@code address}, for the refused client and the log. */
    String describe(PerIpLimits.Verdict verdict, InetAddress address) {
        boolean local = address.isLoopbackAddress();
        return verdict == PerIpLimits.Verdict.TOO_MANY_OPEN
                ? "more than " + (local ? limits.loopbackMaxConnections() : limits.maxConnectionsPerIp())
                        + " connections from one address"
                : "connecting faster than " + (local ? limits.loopbackConnectsPerSecond()
                        : limits.connectsPerSecondPerIp()) + "/s from one address";
    }
}
