package dev.callwire.server.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on how many connections the server holds and how fast one address may open them; validated by
 * the public builder. Kept apart from {@link HubSettings} because they concern transports, not rooms.
 *
 * @param tcpLineMaxConnections     TCP line connections open at once; more are refused at accept
 * @param tcpLineIdleTimeout        silence after which a TCP line connection that has not joined a room is
 *                                  closed, and the longest time one line may take to arrive
 * @param maxConnectionsPerIp       connections (WebSocket, socket.io sessions, TCP lines together) one remote
 *                                  address may hold at once
 * @param connectsPerSecondPerIp    new connections one remote address may open per second, sustained
 * @param connectBurstPerIp         new connections one remote address may open at once
 * @param loopbackMaxConnections    the same three for loopback addresses (a proxy on the same host, tests)
 * @param loopbackConnectsPerSecond see above
 * @param loopbackConnectBurst      see above
 */
public record ConnectionLimits(
        int tcpLineMaxConnections,
        Duration tcpLineIdleTimeout,
        int maxConnectionsPerIp,
        double connectsPerSecondPerIp,
        int connectBurstPerIp,
        int loopbackMaxConnections,
        double loopbackConnectsPerSecond,
        int loopbackConnectBurst) {

    /**
     * The builder's defaults: generous for a NAT'd office, far below what exhausted the server (2,000
     * WebSockets and 80,000 socket.io sessions from one address in 12 s). Loopback gets the same unless
     * configured: a same-host proxy must be sized on purpose, not by accident.
     */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(1_000, Duration.ofSeconds(30), 100, 20, 50,
            100, 20, 50);

    public ConnectionLimits {
        Objects.requireNonNull(tcpLineIdleTimeout, "tcpLineIdleTimeout");
    }

    /** Limits without a loopback tier of their own: loopback addresses get the per-address ones. */
    public ConnectionLimits(int tcpLineMaxConnections, Duration tcpLineIdleTimeout, int maxConnectionsPerIp,
            double connectsPerSecondPerIp, int connectBurstPerIp) {
        this(tcpLineMaxConnections, tcpLineIdleTimeout, maxConnectionsPerIp, connectsPerSecondPerIp,
                connectBurstPerIp, maxConnectionsPerIp, connectsPerSecondPerIp, connectBurstPerIp);
    }

    /** A fresh per-address limiter with these settings, shared by every transport of one server. */
    public AddressLimits newAddressLimits() {
        return new AddressLimits(this);
    }

    /** These limits with other TCP line limits. */
    public ConnectionLimits withTcpLine(int maxConnections, Duration idleTimeout) {
        return new ConnectionLimits(maxConnections, idleTimeout, maxConnectionsPerIp, connectsPerSecondPerIp,
                connectBurstPerIp, loopbackMaxConnections, loopbackConnectsPerSecond, loopbackConnectBurst);
    }

    /** These limits with other per-address limits, for loopback addresses too unless {@code loopbackToo} is false. */
    public ConnectionLimits withPerIp(int max, double perSecond, int burst, boolean loopbackToo) {
        return new ConnectionLimits(tcpLineMaxConnections, tcpLineIdleTimeout, max, perSecond, burst,
                loopbackToo ? max : loopbackMaxConnections, loopbackToo ? perSecond : loopbackConnectsPerSecond,
                loopbackToo ? burst : loopbackConnectBurst);
    }

    /** These limits with other limits for loopback addresses. */
    public ConnectionLimits withLoopback(int max, double perSecond, int burst) {
        return new ConnectionLimits(tcpLineMaxConnections, tcpLineIdleTimeout, maxConnectionsPerIp,
                connectsPerSecondPerIp, connectBurstPerIp, max, perSecond, burst);
    }
}
