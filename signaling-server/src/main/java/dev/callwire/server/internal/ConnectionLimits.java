package dev.callwire.server.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on how many connections the server holds and how fast one address may open them; validated by
 * the public builder. Kept apart from {@link HubSettings} because they concern transports, not rooms.
 *
 * @param tcpLineMaxConnections  TCP line connections open at once; more are refused at accept
 * @param tcpLineIdleTimeout     silence after which a TCP line connection that has not joined a room is closed,
 *                               and the longest time one line may take to arrive
 * @param maxConnectionsPerIp    connections (or socket.io sessions) one remote address may hold at once
 * @param connectsPerSecondPerIp new connections one remote address may open per second, sustained
 * @param connectBurstPerIp      new connections one remote address may open at once
 */
public record ConnectionLimits(
        int tcpLineMaxConnections,
        Duration tcpLineIdleTimeout,
        int maxConnectionsPerIp,
        double connectsPerSecondPerIp,
        int connectBurstPerIp) {

    /** The builder's defaults: generous for a NAT'd office, far below what exhausted the server. */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(1_000, Duration.ofSeconds(30), 100, 20, 50);

    public ConnectionLimits {
        Objects.requireNonNull(tcpLineIdleTimeout, "tcpLineIdleTimeout");
    }

    /** A fresh per-address limiter with these settings. */
    public PerIpLimits newPerIpLimits() {
        return new PerIpLimits(maxConnectionsPerIp, connectsPerSecondPerIp, connectBurstPerIp);
    }
}
